package io.prdtool.notification.email;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.notification.NotificationConfig;
import io.prdtool.notification.notification.NotificationType;

/**
 * One-click unsubscribe tokens (RFC 8058): {@code base64url(payload).base64url(HMAC-SHA256(key, payload))} with
 * payload {@code v1|<key id>|<user id>|<type or all>|email|<expiry epoch seconds>}. The key id lets old links keep
 * working after a key rotation (keep the old key configured until its links expire). Nothing is stored.
 */
@ApplicationScoped
public class UnsubscribeTokens {

    static final String VERSION = "v1";
    public static final String ALL = "all";

    @Inject
    NotificationConfig config;

    /** What a valid token allows: switching off email for {@code type} (or {@code all}) for {@code userId}. */
    public record Claims(UUID userId, String type, String channel, Instant expiresAt) {
    }

    /** Whether links can be signed at all (an active key is configured). */
    public boolean enabled() {
        return config.unsubscribe().activeKeyId().map(id -> config.unsubscribe().keys().containsKey(id))
                .orElse(false);
    }

    /** A token for {@code type} ({@link NotificationType#wire()} or {@link #ALL}); empty without a signing key. */
    public Optional<String> issue(UUID userId, String type) {
        if (!enabled()) {
            return Optional.empty();
        }
        String keyId = config.unsubscribe().activeKeyId().orElseThrow();
        long expires = Instant.now().plus(config.unsubscribe().tokenLifetime()).getEpochSecond();
        String payload = String.join("|", VERSION, keyId, userId.toString(), type, "email", Long.toString(expires));
        return Optional.of(b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + b64(mac(keyId, payload)));
    }

    /** The token's claims if its signature is ours and it has not expired; empty for anything else. */
    public Optional<Claims> verify(String token) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 1) {
            return Optional.empty();
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
                    StandardCharsets.UTF_8);
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            String[] parts = payload.split("\\|");
            if (parts.length != 6 || !VERSION.equals(parts[0]) || !config.unsubscribe().keys().containsKey(parts[1])) {
                return Optional.empty();
            }
            if (!MessageDigest.isEqual(signature, mac(parts[1], payload))) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[5]));
            if (!expires.isAfter(Instant.now())) {
                return Optional.empty();
            }
            if (!ALL.equals(parts[3]) && NotificationType.parse(parts[3]).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Claims(UUID.fromString(parts[2]), parts[3], parts[4], expires));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String keyId, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.unsubscribe().keys().get(keyId).getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
