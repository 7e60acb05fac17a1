package io.prdtool.integration.git;

import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.util.List;
import java.util.Locale;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

import io.prdtool.integration.delivery.DeliveryException;

/**
 * The one SSH host key a target accepts, from a known_hosts line stored with the target. No known_hosts file is read
 * or written and no key is ever learned: any other key fails the connection, which {@link GitFailures} reports as
 * {@link DeliveryException.Kind#AUTH} (someone must confirm the new key).
 */
final class PinnedHostKey implements ServerKeyDatabase {

    private final PublicKey key;
    private volatile boolean rejected;

    private PinnedHostKey(PublicKey key) {
        this.key = key;
    }

    /**
     * Reads {@code line}: a known_hosts line ({@code host[,host...] type base64 [comment]}, hashed hosts included),
     * whose host patterns must then match {@code host}:{@code port}, or a bare {@code type base64 [comment]}.
     */
    static PinnedHostKey parse(String line, String host, int port) {
        if (line == null || line.isBlank()) {
            throw auth("an ssh remote needs its host key pinned (one known_hosts line)");
        }
        String trimmed = line.strip();
        if (trimmed.startsWith("@")) {
            throw auth("the pinned host key must be a plain known_hosts line (no @cert-authority or @revoked)");
        }
        try {
            String firstToken = trimmed.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            PublicKeyEntry entry;
            if (looksLikeKeyType(firstToken)) {
                entry = PublicKeyEntry.parsePublicKeyEntry(trimmed);
            } else {
                KnownHostEntry known = KnownHostEntry.parseKnownHostEntry(trimmed);
                if (known == null || known.getKeyEntry() == null) {
                    throw auth("the pinned host key is not a known_hosts line");
                }
                if (!known.isHostMatch(host, port)) {
                    throw auth("the pinned host key is for another host than " + host);
                }
                AuthorizedKeyEntry keyEntry = known.getKeyEntry();
                entry = keyEntry;
            }
            PublicKey key = entry == null
                    ? null
                    : entry.resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
            if (key == null) {
                throw auth("the pinned host key could not be read");
            }
            return new PinnedHostKey(key);
        } catch (DeliveryException e) {
            throw e;
        } catch (Exception e) {
            throw auth("the pinned host key could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        return List.of(key);
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
            Configuration config, CredentialsProvider provider) {
        boolean same = KeyUtils.compareKeys(key, serverKey);
        if (!same) {
            rejected = true;
        }
        return same;
    }

    /** Whether a server showed a different key than the pinned one. */
    boolean rejectedAKey() {
        return rejected;
    }

    private static boolean looksLikeKeyType(String token) {
        return token.startsWith("ssh-") || token.startsWith("ecdsa-") || token.startsWith("sk-")
                || token.startsWith("rsa-sha2-");
    }

    private static DeliveryException auth(String message) {
        return new DeliveryException(DeliveryException.Kind.AUTH, message, null, null, null, null);
    }
}
