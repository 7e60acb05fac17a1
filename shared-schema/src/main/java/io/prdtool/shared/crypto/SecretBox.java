package io.prdtool.shared.crypto;

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

import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;

/**
 * Encrypts secrets at rest: AES-256-GCM with a random 96-bit nonce per value, the key named by an id stored next to
 * the ciphertext (so keys can rotate), and associated data binding each ciphertext to its row (a ciphertext copied
 * onto another row does not decrypt). A plain class: each service builds one from its own configuration (key id to
 * base64 of 32 bytes, and the active key id) and exposes it as a bean. Plaintext is never logged.
 */
public final class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> keys = new HashMap<>();
    private final Optional<String> activeKeyId;
    private final String configPrefix;

    /**
     * @param configuredKeys key id to base64 of 32 bytes; ids compare case-insensitively (an environment variable
     *        {@code ..._KEYS_K1} names {@code k1} or {@code K1})
     * @param active the id of the key new secrets are sealed with; empty: this deployment cannot store secrets
     * @param configPrefix the configuration prefix of the keys (e.g. {@code prdtool.ai.secrets}), named in errors
     * @throws IllegalStateException when a key is not base64 of 32 bytes or the active id names no key
     */
    public SecretBox(Map<String, String> configuredKeys, Optional<String> active, String configPrefix) {
        this.configPrefix = configPrefix;
        for (var entry : configuredKeys.entrySet()) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(entry.getValue().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(configPrefix + ".keys." + entry.getKey() + " is not base64");
            }
            if (raw.length != 32) {
                throw new IllegalStateException(configPrefix + ".keys." + entry.getKey()
                        + " must be 32 bytes (AES-256), got " + raw.length);
            }
            keys.put(entry.getKey().toLowerCase(Locale.ROOT), new SecretKeySpec(raw, "AES"));
        }
        this.activeKeyId = active.filter(id -> !id.isBlank()).map(id -> id.toLowerCase(Locale.ROOT));
        if (activeKeyId.isPresent() && !keys.containsKey(activeKeyId.get())) {
            throw new IllegalStateException(configPrefix + ".active-key-id names no key in " + configPrefix + ".keys");
        }
    }

    /** The key new secrets are written with, if this deployment can store secrets at all. */
    public Optional<String> activeKeyId() {
        return activeKeyId;
    }

    /**
     * Encrypts {@code plaintext} bound to {@code associatedData}; 503 (a problem) when no active key is configured.
     */
    public Sealed seal(String plaintext, String associatedData) {
        String keyId = activeKeyId.orElseThrow(() -> new ProblemException(ProblemType.UNAVAILABLE,
                "This deployment has no encryption key for secrets (" + configPrefix
                        + ".active-key-id); secrets cannot be stored"));
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
}
