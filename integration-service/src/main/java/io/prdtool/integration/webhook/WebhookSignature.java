package io.prdtool.integration.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks 1.0 signatures: {@code v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>} where the key is
 * the base64 after {@code whsec_}. During a secret rotation both secrets sign, separated by a space, so receivers
 * holding either one verify.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String sign(String secret, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The header value: the current secret's signature, then the previous one's (if still valid). */
    public static String header(String current, String previous, String id, long timestamp, byte[] body) {
        String value = sign(current, id, timestamp, body);
        return previous == null ? value : value + " " + sign(previous, id, timestamp, body);
    }

    private static byte[] key(String secret) {
        String b64 = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        return Base64.getDecoder().decode(b64);
    }
}
