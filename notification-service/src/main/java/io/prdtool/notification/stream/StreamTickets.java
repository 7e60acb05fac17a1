package io.prdtool.notification.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.notification.NotificationConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Short-lived, single-use tickets that open one notification stream ({@code ?ticket=}), for browsers whose
 * EventSource cannot send an Authorization header: 32 random bytes, only their SHA-256 stored, redeemable once within
 * {@code prdtool.notification.stream.ticket-lifetime}. A long-lived token never appears in a URL.
 */
@ApplicationScoped
public class StreamTickets {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Pool pool;

    @Inject
    NotificationConfig config;

    /** A new ticket and when it expires. */
    public record Ticket(String ticket, Instant expiresAt) {
    }

    public Uni<Ticket> issue(UUID userId) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = Instant.now().plus(config.stream().ticketLifetime());
        return pool.preparedQuery("INSERT INTO stream_tickets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
                .execute(Tuple.of(hash(ticket), userId, java.time.OffsetDateTime.ofInstant(expires,
                        java.time.ZoneOffset.UTC)))
                .replaceWith(new Ticket(ticket, expires));
    }

    /** The user a valid, unused ticket was issued to (the ticket is used up), or null. */
    public Uni<UUID> redeem(String ticket) {
        if (ticket == null || ticket.isBlank() || ticket.length() > 100) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("UPDATE stream_tickets SET used_at = now() WHERE token_hash = $1"
                + " AND used_at IS NULL AND expires_at > now() RETURNING user_id").execute(Tuple.of(hash(ticket)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("user_id"));
    }

    /** Expired tickets go (the retention job calls this). */
    public Uni<Integer> purgeExpired() {
        return pool.preparedQuery("DELETE FROM stream_tickets WHERE expires_at < now() - interval '1 hour'")
                .execute().map(rows -> rows.rowCount());
    }

    static String hash(String ticket) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(ticket.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
