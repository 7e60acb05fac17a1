package io.prdtool.ai.settings;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.ai.AiConfig;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;

/**
 * Encrypts secrets at rest: AES-256-GCM with a random 96-bit nonce per value, the key named by an id stored next to
 * the ciphertext (so keys can rotate), and associated data binding each ciphertext to its row (an encrypted API key
 * copied onto another organization's row does not decrypt). Keys come from configuration
 * ({@code prdtool.ai.secrets.keys.<id>}, base64 of 32 bytes); plaintext is never logged.
 */
@ApplicationScoped
public class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> keys = new HashMap<>();
    private final Optional<String> activeKeyId;

    @jakarta.inject.Inject
    public SecretBox(AiConfig config) {
        this(config.secrets().keys(), config.secrets().activeKeyId());
    }

    SecretBox(Map<String, String> configuredKeys, Optional<String> active) {
        for (var entry : configuredKeys.entrySet()) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(entry.getValue().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("prdtool.ai.secrets.keys." + entry.getKey() + " is not base64");
            }
            if (raw.length != 32) {
                throw new IllegalStateException("prdtool.ai.secrets.keys." + entry.getKey()
                        + " must be 32 bytes (AES-256), got " + raw.length);
            }
            // ids compare case-insensitively: an environment variable (PRDTOOL_AI_SECRETS_KEYS_K1) names k1 or K1
            keys.put(entry.getKey().toLowerCase(Locale.ROOT), new SecretKeySpec(raw, "AES"));
        }
        this.activeKeyId = active.filter(id -> !id.isBlank())
                .map(id -> id.toLowerCase(Locale.ROOT));
        if (activeKeyId.isPresent() && !keys.containsKey(activeKeyId.get())) {
            throw new IllegalStateException("prdtool.ai.secrets.active-key-id names no key in prdtool.ai.secrets.keys");
        }
    }

    /** The key new secrets are written with, if this deployment can store secrets at all. */
    public Optional<String> activeKeyId() {
        return activeKeyId;
    }

    public Sealed seal(String plaintext, String associatedData) {
        String keyId = activeKeyId.orElseThrow(() -> new ProblemException(ProblemType.UNAVAILABLE,
                "This deployment has no encryption key for secrets (prdtool.ai.secrets.active-key-id);"
                        + " API keys cannot be stored"));
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(keyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return new Sealed(keyId, Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext; fails when the key id is unknown or the ciphertext or its associated data was tampered with. */
    public String open(String keyId, String ciphertext, String associatedData) {
        SecretKey key = keyId == null ? null : keys.get(keyId.toLowerCase(Locale.ROOT));
        if (key == null) {
            throw new IllegalStateException("secret encrypted with key '" + keyId + "', which is not configured");
        }
        try {
            byte[] in = Base64.getDecoder().decode(ciphertext);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("secret could not be decrypted (wrong key or tampered)");
        }
    }

    /** Whether a secret sealed with {@code keyId} should be re-encrypted with the active key. */
    public boolean needsRotation(String keyId) {
        return activeKeyId.isPresent() && !activeKeyId.get().equalsIgnoreCase(keyId);
    }

    /** A ciphertext (base64 of nonce + ciphertext + tag) and the id of the key that made it. */
    public record Sealed(String keyId, String ciphertext) {

        @Override
        public String toString() {
            return "Sealed[keyId=" + keyId + "]";
        }
    }

    /** The associated data that binds a provider API key to its organization's row. */
    public static String providerKeyBinding(java.util.UUID organizationId) {
        return "ai_provider_secrets:" + organizationId;
    }
}
