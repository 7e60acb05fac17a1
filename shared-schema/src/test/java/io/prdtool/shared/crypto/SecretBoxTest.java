package io.prdtool.shared.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.shared.problem.ProblemException;

class SecretBoxTest {

    private static final String P = "prdtool.test.secrets";
    private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void sealedSecretsOpenOnlyWithTheirKeyAndTheirRow() {
        SecretBox box = new SecretBox(Map.of("k1", K1), Optional.of("k1"), P);
        String row = "row:" + UUID.randomUUID();
        SecretBox.Sealed sealed = box.seal("sk-live-secret", row);
        assertThat(sealed.ciphertext()).doesNotContain("sk-live");
        assertThat(sealed.toString()).doesNotContain(sealed.ciphertext());
        assertThat(box.open(sealed.keyId(), sealed.ciphertext(), row)).isEqualTo("sk-live-secret");
        // the same plaintext twice: different nonces, different ciphertexts
        assertThat(box.seal("sk-live-secret", row).ciphertext()).isNotEqualTo(sealed.ciphertext());
        // copied onto another organization's row, it does not open
        assertThatThrownBy(() -> box.open(sealed.keyId(), sealed.ciphertext(),
                "row:" + UUID.randomUUID())).isInstanceOf(IllegalStateException.class);
        // tampered, it does not open
        byte[] raw = Base64.getDecoder().decode(sealed.ciphertext());
        raw[raw.length - 1] ^= 1;
        assertThatThrownBy(() -> box.open(sealed.keyId(), Base64.getEncoder().encodeToString(raw), row))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rotationKeepsOldKeysReadableAndWritesWithTheActiveOne() {
        String row = "row:" + UUID.randomUUID();
        SecretBox old = new SecretBox(Map.of("k1", K1), Optional.of("k1"), P);
        SecretBox.Sealed before = old.seal("sk-1", row);
        SecretBox rotated = new SecretBox(Map.of("k1", K1, "K2", K2), Optional.of("K2"), P);
        assertThat(rotated.needsRotation(before.keyId())).isTrue();
        assertThat(rotated.open(before.keyId(), before.ciphertext(), row)).isEqualTo("sk-1");
        SecretBox.Sealed after = rotated.seal("sk-1", row);
        assertThat(after.keyId()).isEqualTo("k2");
        assertThat(rotated.needsRotation(after.keyId())).isFalse();
    }

    @Test
    void withoutAnActiveKeyNothingCanBeStored() {
        SecretBox none = new SecretBox(Map.of(), Optional.empty(), P);
        assertThat(none.activeKeyId()).isEmpty();
        assertThatThrownBy(() -> none.seal("x", "row")).isInstanceOf(ProblemException.class);
    }

    @Test
    void misconfiguredKeysStopTheService() {
        assertThatThrownBy(() -> new SecretBox(Map.of("k1", "short"), Optional.of("k1"), P))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretBox(Map.of("k1", K1), Optional.of("k9"), P))
                .isInstanceOf(IllegalStateException.class);
    }
}
