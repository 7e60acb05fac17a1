package io.prdtool.prd.user;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.prd.common.Urls;
import io.prdtool.shared.auth.Caller;
import io.prdtool.shared.events.user.UserProfileUpdated;
import io.prdtool.shared.events.user.UserProvisioned;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.tx.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Just-in-time provisioning: the verified token is the only source of identity. The first request of a subject
 * creates its user row, or binds the subject to the row an organization admin created by email; later requests
 * resolve the subject from a short-lived cache so that reads cost no extra write.
 * <p>
 * When a subject's cache entry is missing or expired, its concurrent requests share one look-up (single flight): one
 * query, and a write only when the token's email or name changed, the user is new, or {@code last_login_at} is older
 * than {@link #LAST_LOGIN_EVERY}.
 */
@ApplicationScoped
public class UserService {

    /** How long a resolved subject is trusted without looking at the database again. */
    static final Duration CACHE_TTL = Duration.ofMinutes(2);

    /** {@code last_login_at} is written at most this often per user (it is a coarse "last seen", not an audit log). */
    static final Duration LAST_LOGIN_EVERY = Duration.ofMinutes(5);

    private final UserRepository users;
    private final Outbox outbox;
    private final Tx tx;
    private final Map<String, Resolved> bySubject = new ConcurrentHashMap<>();
    private final Map<String, Uni<Resolved>> inFlight = new ConcurrentHashMap<>();

    public UserService(UserRepository users, Outbox outbox, Tx tx) {
        this.users = users;
        this.outbox = outbox;
        this.tx = tx;
    }

    private record Resolved(UUID id, String email, String name, Instant at) {
    }

    /** The caller's user id, provisioning the user on first sight. Inactive users are refused. */
    public Uni<UUID> resolve(Caller caller) {
        Resolved cached = bySubject.get(caller.subject());
        if (cached != null && cached.at.plus(CACHE_TTL).isAfter(Instant.now()) && cached.email.equals(caller.email())
                && cached.name.equals(caller.name())) {
            return Uni.createFrom().item(cached.id);
        }
        Uni<Resolved> shared = inFlight.computeIfAbsent(caller.subject(), subject -> Uni.createFrom()
                .deferred(() -> provision(caller))
                .map(u -> {
                    Resolved r = new Resolved(u.id, caller.email(), caller.name(), Instant.now());
                    bySubject.put(subject, r);
                    return r;
                })
                .onTermination().invoke(() -> inFlight.remove(subject))
                .memoize().indefinitely());
        // The look-up runs on the context of the request that started it; every other request continues on its own.
        Context context = Vertx.currentContext();
        Uni<Resolved> mine = context == null
                ? shared
                : shared.emitOn(task -> context.runOnContext(ignored -> task.run()));
        return mine.map(Resolved::id);
    }

    /** Forgets cached identities, e.g. after a user was deactivated. */
    public void forget(UUID userId) {
        bySubject.values().removeIf(r -> r.id.equals(userId));
    }

    Uni<UserEntity> provision(Caller caller) {
        if (caller.email() == null || caller.email().isBlank()) {
            throw ProblemException.badRequest("The access token carries no email claim; it is needed to provision you");
        }
        Instant now = Instant.now();
        return Panache.withSession(() -> users.findBySubject(caller.subject()))
                .chain(existing -> existing != null && upToDate(existing, caller, now)
                        ? Uni.createFrom().item(existing)
                        : tx.write(() -> users.findBySubject(caller.subject())
                                .chain(u -> u != null ? refresh(u, caller, now) : bindOrCreate(caller))))
                .invoke(u -> {
                    if (!u.active) {
                        throw ProblemException.forbidden("This account is deactivated");
                    }
                });
    }

    /** Whether the row says what the token says and the last login is recent: then nothing is written. */
    private static boolean upToDate(UserEntity user, Caller caller, Instant now) {
        return caller.email().equals(user.email) && truncate(caller.name()).equals(user.name)
                && user.lastLoginAt != null && user.lastLoginAt.plus(LAST_LOGIN_EVERY).isAfter(now);
    }

    private Uni<UserEntity> refresh(UserEntity user, Caller caller, Instant now) {
        // The identity provider owns email and name: keep them as the token says (unchanged values write nothing).
        user.email = caller.email();
        user.name = truncate(caller.name());
        if (user.lastLoginAt == null || !user.lastLoginAt.plus(LAST_LOGIN_EVERY).isAfter(now)) {
            user.lastLoginAt = now;
        }
        return Uni.createFrom().item(user);
    }

    private Uni<UserEntity> bindOrCreate(Caller caller) {
        return users.findByEmail(caller.email()).chain(byEmail -> {
            if (byEmail != null && byEmail.subject != null) {
                throw ProblemException.conflict("The email " + caller.email()
                        + " already belongs to another identity; ask an administrator to resolve it");
            }
            UserEntity user = byEmail != null ? byEmail : new UserEntity();
            boolean invited = byEmail != null;
            user.subject = caller.subject();
            user.email = caller.email();
            user.name = truncate(caller.name());
            user.lastLoginAt = Instant.now();
            Uni<UserEntity> saved = invited ? Uni.createFrom().item(user) : users.persist(user);
            return saved.call(users::flush)
                    .call(u -> outbox.append(new UserProvisioned(u.id, u.subject, u.email, u.name,
                            invited ? UserProvisioned.Source.INVITATION_ACCEPTED : UserProvisioned.Source.LOGIN)));
        });
    }

    /**
     * A user row for someone added to an organization by email before their first login (subject bound later).
     * Runs inside the caller's transaction.
     */
    public Uni<UserEntity> findOrPreProvision(String email, String name) {
        return users.findByEmail(email).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            UserEntity user = new UserEntity();
            user.email = email.trim();
            user.name = truncate(name == null || name.isBlank() ? email.substring(0, email.indexOf('@')) : name);
            return users.persist(user).call(users::flush)
                    .call(u -> outbox.append(new UserProvisioned(u.id, null, u.email, u.name,
                            UserProvisioned.Source.INVITATION)));
        });
    }

    public Uni<UserEntity> findById(UUID id) {
        return users.findById(id);
    }

    public Uni<UserView> me(UUID userId) {
        return Panache.withSession(() -> users.findById(userId)).map(UserView::of);
    }

    public Uni<UserView> updateProfile(UUID userId, UpdateProfileRequest request) {
        if (request.avatarUrl() != null && !request.avatarUrl().isEmpty()) {
            Urls.requireAvatar(request.avatarUrl());
        }
        return tx.write(() -> users.findById(userId).chain(user -> {
            if (request.name() != null) {
                user.name = request.name().trim();
            }
            if (request.avatarUrl() != null) {
                user.avatarUrl = request.avatarUrl().isEmpty() ? null : request.avatarUrl();
            }
            return users.flush().replaceWith(user)
                    .call(u -> outbox.append(new UserProfileUpdated(u.id, u.name, u.avatarUrl)));
        })).map(UserView::of);
    }

    private static String truncate(String s) {
        return s.length() > 255 ? s.substring(0, 255) : s;
    }
}
