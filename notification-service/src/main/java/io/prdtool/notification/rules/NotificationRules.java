package io.prdtool.notification.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.notification.NotificationConfig;
import io.prdtool.notification.mention.MentionRepository;
import io.prdtool.notification.mention.Mentions;
import io.prdtool.notification.notification.Draft;
import io.prdtool.notification.notification.Messages;
import io.prdtool.notification.notification.NotificationType;
import io.prdtool.notification.notification.NotificationWriter;
import io.prdtool.notification.projection.ProjectionRepository;
import io.prdtool.notification.projection.ProjectionRepository.Prd;
import io.prdtool.notification.watch.WatchRepository;
import io.prdtool.shared.events.ai.AiBudgetThresholdReached;
import io.prdtool.shared.events.collab.CollaboratorActive;
import io.prdtool.shared.events.collab.PrdContentChanged;
import io.prdtool.shared.events.integration.IntegrationDeliveryDead;
import io.prdtool.shared.events.integration.IntegrationDisabled;
import io.prdtool.shared.events.prd.PrdApprovalInvalidated;
import io.prdtool.shared.events.prd.PrdApproved;
import io.prdtool.shared.events.prd.PrdCreated;
import io.prdtool.shared.events.prd.PrdStatusChanged;
import io.prdtool.shared.events.prd.PrdUpdated;
import io.prdtool.shared.events.prd.PrdVersionCreated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Who hears about what: each event's recipients, resolved from the local projection and watchers only. Common rules:
 * the actor never hears about their own action; only current members of the organization are notified; a user who
 * muted a PRD hears nothing about it except an approval request; one notification per recipient and event (the most
 * specific type wins when someone is, say, both the owner and a watcher).
 */
@ApplicationScoped
public class NotificationRules {

    @Inject
    ProjectionRepository projection;

    @Inject
    WatchRepository watches;

    @Inject
    MentionRepository mentions;

    @Inject
    NotificationWriter writer;

    @Inject
    NotificationConfig config;

    // ------------------------------------------------------------------ prd-service

    public Uni<Void> prdCreated(SqlConnection c, PrdCreated e) {
        return projection.upsertPrd(c, e.prdId(), e.organizationId(), e.projectId(), e.title(), e.actorId(),
                e.approverIds() == null ? List.of() : e.approverIds(), e.status())
                .chain(() -> watches.autoWatch(c, e.prdId(), nonNull(e.actorId()), "created"))
                .chain(() -> watches.autoWatch(c, e.prdId(), orEmpty(e.approverIds()), "approver"));
    }

    public Uni<Void> prdUpdated(SqlConnection c, UUID eventId, PrdUpdated e) {
        return projection.upsertPrd(c, e.prdId(), e.organizationId(), e.projectId(), e.title(), null,
                e.approverIds(), null)
                .chain(() -> watches.autoWatch(c, e.prdId(), orEmpty(e.approverIds()), "approver"))
                .chain(() -> {
                    List<String> fields = orEmpty(e.changedFields());
                    if (!fields.contains("content") && !fields.contains("title")) {
                        return Uni.createFrom().voidItem();
                    }
                    return withPrd(c, e.prdId(), prd -> watches.watchers(c, prd.id()).chain(watchers -> {
                        Map<UUID, NotificationType> to = new LinkedHashMap<>();
                        watchers.forEach(w -> to.putIfAbsent(w, NotificationType.PRD_UPDATED));
                        return send(c, eventId, prd, e.actorId(), to, new JsonObject().put("source", e.source()),
                                (t, m) -> new Draft.Text(m.prdUpdated(actorPlaceholder(), title(prd)), null));
                    }));
                });
    }

    public Uni<Void> prdStatusChanged(SqlConnection c, UUID eventId, PrdStatusChanged e) {
        return projection.upsertPrd(c, e.prdId(), e.organizationId(), e.projectId(), null, null, null, e.status())
                .chain(() -> withPrd(c, e.prdId(), prd -> {
                    boolean submitted = "in_review".equals(e.status()) && !"approved".equals(e.previousStatus())
                            && !"published".equals(e.previousStatus());
                    Uni<List<UUID>> approvers = submitted
                            ? projection.members(c, prd.organizationId(), prd.approverIds())
                                    .chain(named -> named.isEmpty()
                                            ? projection.administrators(c, prd.organizationId())
                                            : Uni.createFrom().item(named))
                            : Uni.createFrom().item(List.of());
                    return approvers.chain(asked -> watches.autoWatch(c, prd.id(), asked, "approver")
                            .chain(() -> watches.watchers(c, prd.id())).chain(watchers -> {
                                Map<UUID, NotificationType> to = new LinkedHashMap<>();
                                asked.forEach(u -> to.putIfAbsent(u, NotificationType.APPROVAL_REQUESTED));
                                // an approval and an invalidation have events of their own
                                boolean ownEvent = "approved".equals(e.status()) || ("in_review".equals(e.status())
                                        && !submitted);
                                if (!ownEvent) {
                                    watchers.forEach(w -> to.putIfAbsent(w, NotificationType.STATUS_CHANGED));
                                }
                                JsonObject data = new JsonObject().put("previousStatus", e.previousStatus())
                                        .put("status", e.status());
                                return send(c, eventId, prd, e.actorId(), to, data,
                                        (t, m) -> t == NotificationType.APPROVAL_REQUESTED
                                                ? new Draft.Text(m.approvalRequested(actorPlaceholder(), title(prd)),
                                                        m.approvalRequestedBody(title(prd)))
                                                : new Draft.Text(m.statusChanged(actorPlaceholder(), title(prd),
                                                        e.status()), null));
                            }));
                }));
    }

    public Uni<Void> prdApproved(SqlConnection c, UUID eventId, PrdApproved e) {
        return projection.upsertPrd(c, e.prdId(), e.organizationId(), e.projectId(), null, null, null, "approved")
                .chain(() -> withPrd(c, e.prdId(), prd -> watches.watchers(c, prd.id()).chain(watchers -> {
                    Map<UUID, NotificationType> to = new LinkedHashMap<>();
                    if (prd.createdBy() != null) {
                        to.put(prd.createdBy(), NotificationType.PRD_APPROVED);
                    }
                    watchers.forEach(w -> to.putIfAbsent(w, NotificationType.PRD_APPROVED));
                    return send(c, eventId, prd, e.approvedBy(), to, new JsonObject().put("version", e.version()),
                            (t, m) -> new Draft.Text(m.prdApproved(actorPlaceholder(), title(prd)), null));
                })));
    }

    public Uni<Void> prdApprovalInvalidated(SqlConnection c, UUID eventId, PrdApprovalInvalidated e) {
        return projection.upsertPrd(c, e.prdId(), e.organizationId(), e.projectId(), null, null, null, e.status())
                .chain(() -> withPrd(c, e.prdId(), prd -> watches.watchers(c, prd.id()).chain(watchers -> {
                    Map<UUID, NotificationType> to = new LinkedHashMap<>();
                    for (UUID u : new UUID[]{prd.createdBy(), e.previouslyApprovedBy()}) {
                        if (u != null) {
                            to.putIfAbsent(u, NotificationType.APPROVAL_INVALIDATED);
                        }
                    }
                    watchers.forEach(w -> to.putIfAbsent(w, NotificationType.APPROVAL_INVALIDATED));
                    return send(c, eventId, prd, e.actorId(), to,
                            new JsonObject().put("previousStatus", e.previousStatus()).put("status", e.status()),
                            (t, m) -> new Draft.Text(m.approvalInvalidated(title(prd)),
                                    m.approvalInvalidatedBody(actorPlaceholder(), title(prd))));
                })));
    }

    public Uni<Void> prdVersionCreated(SqlConnection c, UUID eventId, PrdVersionCreated e) {
        return projection.upsertPrd(c, e.prdId(), e.organizationId(), e.projectId(), e.title(), null, null,
                e.status())
                .chain(() -> withPrd(c, e.prdId(), prd -> watches.watchers(c, prd.id()).chain(watchers -> {
                    Map<UUID, NotificationType> to = new LinkedHashMap<>();
                    watchers.forEach(w -> to.putIfAbsent(w, NotificationType.VERSION_CREATED));
                    return send(c, eventId, prd, e.actorId(), to, new JsonObject().put("version", e.version())
                            .put("changelog", e.changelog()),
                            (t, m) -> new Draft.Text(m.versionCreated(actorPlaceholder(), title(prd), e.version()),
                                    e.changelog()));
                })));
    }

    // ------------------------------------------------------------------ collab-service

    public Uni<Void> collaboratorActive(SqlConnection c, CollaboratorActive e) {
        return watches.autoWatch(c, e.prdId(), nonNull(e.userId()), "edited");
    }

    /** Only mentions added since the last content seen notify; an older revision than the last seen is ignored. */
    public Uni<Void> prdContentChanged(SqlConnection c, UUID eventId, PrdContentChanged e) {
        return withPrd(c, e.prdId(), prd -> mentions.lock(c, prd.id()).chain(seen -> {
            if (seen != null && e.revision() <= seen.revision()) {
                return Uni.createFrom().voidItem();
            }
            Mentions.Found found = Mentions.in(e.content());
            Uni<List<UUID>> byId = projection.members(c, prd.organizationId(), List.copyOf(found.userIds()));
            Uni<List<UUID>> byEmail = projection.membersByEmail(c, prd.organizationId(), List.copyOf(found.emails()));
            return byId.chain(ids -> byEmail.map(mails -> {
                Set<UUID> all = new LinkedHashSet<>(ids);
                all.addAll(mails);
                return all;
            })).chain(now -> {
                Set<UUID> added = new LinkedHashSet<>(now);
                if (seen != null) {
                    seen.userIds().forEach(added::remove);
                }
                added.remove(e.userId());
                Map<UUID, NotificationType> to = new LinkedHashMap<>();
                added.forEach(u -> to.put(u, NotificationType.MENTION));
                return mentions.save(c, prd.id(), e.revision(), now)
                        .chain(() -> watches.autoWatch(c, prd.id(), added, "mentioned"))
                        .chain(() -> send(c, eventId, prd, e.userId(), to,
                                new JsonObject().put("revision", e.revision()),
                                (t, m) -> new Draft.Text(m.mention(actorPlaceholder(), title(prd)), null)));
            });
        }));
    }

    // ------------------------------------------------------------------ integration-service and ai-service

    public Uni<Void> integrationDisabled(SqlConnection c, UUID eventId, IntegrationDisabled e) {
        JsonObject data = new JsonObject().put("integrationId", e.integrationId().toString()).put("type", e.type())
                .put("name", e.name()).put("reason", e.reason()).put("lastError", e.lastError());
        return toAdministrators(c, eventId, e.organizationId(), e.actorId(), NotificationType.INTEGRATION_DISABLED,
                data, integrationLink(e.organizationId(), e.integrationId()),
                m -> new Draft.Text(m.integrationDisabled(e.type(), e.name() == null ? e.type() : e.name()),
                        m.integrationDisabledBody(e.reason(), e.lastError() == null ? "" : e.lastError() + ".")));
    }

    public Uni<Void> integrationDeliveryDead(SqlConnection c, UUID eventId, IntegrationDeliveryDead e) {
        JsonObject data = new JsonObject().put("integrationId", e.integrationId().toString())
                .put("deliveryId", e.deliveryId() == null ? null : e.deliveryId().toString()).put("type", e.type())
                .put("action", e.action()).put("attempts", e.attempts()).put("lastError", e.lastError());
        return toAdministrators(c, eventId, e.organizationId(), null, NotificationType.INTEGRATION_DELIVERY_DEAD, data,
                integrationLink(e.organizationId(), e.integrationId()),
                m -> new Draft.Text(m.integrationDeliveryDead(e.type()), m.integrationDeliveryDeadBody(
                        e.action() == null ? e.type() : e.action(), e.attempts(),
                        e.lastError() == null ? "-" : e.lastError())));
    }

    public Uni<Void> aiBudgetThresholdReached(SqlConnection c, UUID eventId, AiBudgetThresholdReached e) {
        JsonObject data = new JsonObject().put("period", e.period()).put("thresholdPercent", e.thresholdPercent())
                .put("tokensUsed", e.tokensUsed()).put("tokenBudget", e.tokenBudget());
        return toAdministrators(c, eventId, e.organizationId(), null, NotificationType.AI_BUDGET_THRESHOLD, data,
                config.links().app() + "/orgs/" + e.organizationId() + "/settings/ai",
                m -> new Draft.Text(m.aiBudget(e.thresholdPercent(), e.period()),
                        m.aiBudgetBody(e.tokensUsed(), e.tokenBudget())));
    }

    // ------------------------------------------------------------------ helpers

    private Uni<Void> toAdministrators(SqlConnection c, UUID eventId, UUID organizationId, UUID actorId,
            NotificationType type, JsonObject data, String link,
            java.util.function.Function<Messages, Draft.Text> text) {
        if (organizationId == null) {
            return Uni.createFrom().voidItem();
        }
        return projection.administrators(c, organizationId).chain(admins -> {
            List<UUID> to = new ArrayList<>(admins);
            to.remove(actorId);
            return names(c, actorId).chain(actorName -> sequentially(to, u -> writer.create(c, new Draft(u,
                    organizationId, type, null, null, actorId, actorName, eventId, link, data, text))));
        });
    }

    /**
     * Creates the notifications: drops the actor, users who muted the PRD (unless asked to approve it) and anyone
     * who is no longer a member. {@code text} may use {@link #actorPlaceholder()} for the actor's name.
     */
    private Uni<Void> send(SqlConnection c, UUID eventId, Prd prd, UUID actorId, Map<UUID, NotificationType> to,
            JsonObject data, BiFunction<NotificationType, Messages, Draft.Text> text) {
        to.remove(actorId);
        if (to.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return watches.muted(c, prd.id()).chain(muted -> {
            Set<UUID> silent = new HashSet<>(muted);
            to.entrySet().removeIf(en -> silent.contains(en.getKey())
                    && en.getValue() != NotificationType.APPROVAL_REQUESTED);
            return projection.members(c, prd.organizationId(), List.copyOf(to.keySet()));
        }).chain(members -> names(c, actorId).chain(actorName -> sequentially(members, u -> {
            NotificationType type = to.get(u);
            return writer.create(c, new Draft(u, prd.organizationId(), type, prd.id(), prd.title(), actorId,
                    actorName, eventId, prdLink(prd.id()), data, m -> withActor(text.apply(type, m), actorName, m)));
        })));
    }

    private static final String ACTOR = "⟦actor⟧";

    /** Stands for the actor's name in texts; replaced once the recipient's language is known. */
    static String actorPlaceholder() {
        return ACTOR;
    }

    private static Draft.Text withActor(Draft.Text t, String actorName, Messages m) {
        String name = actorName == null || actorName.isBlank() ? m.someone() : actorName;
        return new Draft.Text(t.title() == null ? null : t.title().replace(ACTOR, name),
                t.body() == null ? null : t.body().replace(ACTOR, name));
    }

    private Uni<String> names(SqlConnection c, UUID userId) {
        if (userId == null) {
            return Uni.createFrom().nullItem();
        }
        return projection.recipient(c, userId).map(r -> r.name() != null ? r.name() : r.email());
    }

    private Uni<Void> withPrd(SqlConnection c, UUID prdId, java.util.function.Function<Prd, Uni<Void>> then) {
        return projection.prd(c, prdId).chain(prd -> prd == null || prd.deleted()
                ? Uni.createFrom().voidItem()
                : then.apply(prd));
    }

    private static <T> Uni<Void> sequentially(List<T> items, java.util.function.Function<T, Uni<?>> step) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (T item : items) {
            all = all.chain(() -> step.apply(item)).replaceWithVoid();
        }
        return all;
    }

    private String prdLink(UUID prdId) {
        return config.links().app() + "/prds/" + prdId;
    }

    private String integrationLink(UUID organizationId, UUID integrationId) {
        return config.links().app() + "/orgs/" + organizationId + "/integrations/" + integrationId;
    }

    private static String title(Prd prd) {
        return prd.title() == null ? "" : prd.title();
    }

    private static List<UUID> nonNull(UUID id) {
        return id == null ? List.of() : List.of(id);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
