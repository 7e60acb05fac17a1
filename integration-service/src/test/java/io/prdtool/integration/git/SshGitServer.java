package io.prdtool.integration.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real SSH git server for the tests: Apache MINA sshd on 127.0.0.1 with one host key, public-key authentication for
 * one user key, and {@code git-upload-pack} / {@code git-receive-pack} run by JGit against bare repositories in a
 * folder.
 */
final class SshGitServer implements AutoCloseable {

    private final SshServer server;

    SshGitServer(Path repositories, KeyPair hostKey, PublicKey userKey) throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, userKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory(gitCommands(repositories));
        server.start();
    }

    int port() {
        return server.getPort();
    }

    /** The host key line a target pins for this server, as {@code ssh-keyscan} would print it. */
    static String knownHostsLine(String hosts, PublicKey key) {
        return hosts + " " + PublicKeyEntry.toString(key);
    }

    /** The private key as the OpenSSH text a user pastes into the integration settings. */
    static String openSshPrivateKey(KeyPair key) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "deploy@test", null, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static KeyPair ed25519() throws Exception {
        return KeyUtils.generateKeyPair("ssh-ed25519", 256);
    }

    private static CommandFactory gitCommands(Path repositories) {
        return (channel, command) -> new GitCommand(repositories, command);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    private static final class GitCommand implements Command {

        private final Path repositories;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        GitCommand(Path repositories, String command) {
            this.repositories = repositories;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread worker = new Thread(this::run, "ssh-git-" + command);
            worker.setDaemon(true);
            worker.start();
        }

        private void run() {
            int status = 0;
            List<String> words = CommandFactory.split(command);
            String name = words.size() == 2 ? words.get(1).replace("'", "").replaceFirst("^/+", "") : "";
            Path dir = repositories.resolve(name).normalize();
            try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true)
                    .build()) {
                if (!dir.startsWith(repositories)) {
                    throw new IOException("outside the repositories");
                }
                switch (words.get(0)) {
                    case "git-upload-pack" -> new UploadPack(repo).upload(in, out, err);
                    case "git-receive-pack" -> new ReceivePack(repo).receive(in, out, err);
                    default -> throw new IOException("unknown command " + words.get(0));
                }
            } catch (Exception e) {
                status = 1;
                try {
                    err.write(("fatal: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the client is gone
                }
            } finally {
                try {
                    out.flush();
                    err.flush();
                } catch (IOException ignored) {
                    // the client is gone
                }
                exit.onExit(status);
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
