package io.prdtool.integration.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FileUtils;

import io.prdtool.integration.delivery.DeliveryException;

/**
 * Credentials and limits applied to each JGit {@link Transport} of one publish. For ssh it builds a session factory
 * that reads nothing from {@code ~/.ssh}: home and ssh folders are an empty temporary folder, no ssh config, no agent,
 * no proxy, the key comes from the {@link GitCredentials.SshKey} text and the host key is {@link PinnedHostKey}.
 * Close it after the publish: it closes the SSH sessions and deletes the folder.
 */
final class GitAuth implements AutoCloseable {

    private final GitCredentials credentials;
    private final int timeoutSeconds;
    private final SshdSessionFactory sshFactory;
    private final PinnedHostKey hostKey;
    private final Path emptyHome;

    private GitAuth(GitCredentials credentials, int timeoutSeconds, SshdSessionFactory sshFactory,
            PinnedHostKey hostKey, Path emptyHome) {
        this.credentials = credentials;
        this.timeoutSeconds = timeoutSeconds;
        this.sshFactory = sshFactory;
        this.hostKey = hostKey;
        this.emptyHome = emptyHome;
    }

    static GitAuth open(GitRemote remote, GitTarget target, GitCredentials credentials, GitSettings settings) {
        int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.timeout().toSeconds()));
        GitCredentials creds = credentials == null ? GitCredentials.none() : credentials;
        switch (remote.kind()) {
            case HTTPS -> {
                if (creds instanceof GitCredentials.SshKey) {
                    throw terminal("an https remote needs a token, not an SSH key");
                }
                return new GitAuth(creds, timeout, null, null, null);
            }
            case SSH -> {
                if (!(creds instanceof GitCredentials.SshKey key)) {
                    throw terminal("an ssh remote needs an SSH private key");
                }
                PinnedHostKey pinned = PinnedHostKey.parse(target.sshHostKey(), remote.host(), remote.sshPort());
                List<KeyPair> keys = readKey(key);
                Path home;
                try {
                    home = Files.createTempDirectory("prdtool-git-ssh-");
                } catch (IOException e) {
                    throw DeliveryException.retryable("no temporary folder for the SSH session", e);
                }
                SshdSessionFactory factory = new SshdSessionFactoryBuilder()
                        .setProxyDataFactory(null)
                        .setConnectorFactory(null)
                        .setConfigStoreFactory((h, f, user) -> null)
                        .setHomeDirectory(home.toFile())
                        .setSshDirectory(home.resolve(".ssh").toFile())
                        .setDefaultKnownHostsFiles(dir -> List.of())
                        .setDefaultIdentities(dir -> List.of())
                        .setDefaultKeysProvider(dir -> keys)
                        .setServerKeyDatabase((h, s) -> pinned)
                        .setPreferredAuthentications("publickey")
                        .build(new JGitKeyCache());
                return new GitAuth(creds, timeout, factory, pinned, home);
            }
            default -> {
                // git:// and local remotes (tests only) take no credentials
                return new GitAuth(GitCredentials.none(), timeout, null, null, null);
            }
        }
    }

    void configure(Transport transport) {
        transport.setTimeout(timeoutSeconds);
        if (credentials instanceof GitCredentials.Token token) {
            transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(token.username(), token.token()));
        }
        if (transport instanceof SshTransport ssh && sshFactory != null) {
            ssh.setSshSessionFactory(sshFactory);
        }
    }

    /** Whether the SSH server showed a host key other than the pinned one during this publish. */
    boolean hostKeyRejected() {
        return hostKey != null && hostKey.rejectedAKey();
    }

    /** The secrets to scrub from any message: the token, or the lines of the private key and its passphrase. */
    List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        if (credentials instanceof GitCredentials.Token token) {
            secrets.add(token.token());
        } else if (credentials instanceof GitCredentials.SshKey key) {
            key.privateKey().lines().map(String::strip).filter(l -> l.length() >= 16).forEach(secrets::add);
            if (key.passphrase() != null && !key.passphrase().isEmpty()) {
                secrets.add(key.passphrase());
            }
        }
        return secrets;
    }

    @Override
    public void close() {
        if (sshFactory != null) {
            sshFactory.close();
        }
        if (emptyHome != null) {
            try {
                FileUtils.delete(emptyHome.toFile(), FileUtils.RECURSIVE | FileUtils.IGNORE_ERRORS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<KeyPair> readKey(GitCredentials.SshKey key) {
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("deploy key"),
                    new ByteArrayInputStream(key.privateKey().strip().concat("\n").getBytes(StandardCharsets.UTF_8)),
                    key.passphrase() == null ? null : FilePasswordProvider.of(key.passphrase()));
            List<KeyPair> list = new ArrayList<>();
            if (pairs != null) {
                pairs.forEach(list::add);
            }
            if (list.isEmpty()) {
                throw new IOException("no key");
            }
            return List.copyOf(list);
        } catch (Exception e) {
            // the message could quote the key; say only what kind of failure it was
            throw new DeliveryException(DeliveryException.Kind.AUTH,
                    "the SSH private key could not be read (wrong passphrase, or not an OpenSSH/PEM key): "
                            + e.getClass().getSimpleName(),
                    null, null, null, null);
        }
    }

    private static DeliveryException terminal(String message) {
        return DeliveryException.terminal(message);
    }
}
