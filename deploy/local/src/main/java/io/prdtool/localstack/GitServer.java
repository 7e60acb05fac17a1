package io.prdtool.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.DaemonClient;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.FileResolver;

/**
 * The local stack's git server: JGit's {@link Daemon} on 127.0.0.1 serving the bare repositories under
 * {@code <data dir>/git/} over {@code git://}, pushes allowed, so the demo organization can point a git integration
 * at {@code git://localhost:<port>/demo.git} and read the commits back with
 * {@code git --git-dir=<data dir>/git/demo.git log}. Unauthenticated and unencrypted: integration-service accepts it
 * only because the local stack sets {@code PRDTOOL_INTEGRATION_GIT_ALLOW_GIT_PROTOCOL}.
 */
final class GitServer implements AutoCloseable {

    /** The bare repository created on first start (branch {@code main}, empty until the first commit). */
    static final String DEMO_REPOSITORY = "demo";

    private final Daemon daemon;
    private final Path directory;

    private GitServer(Daemon daemon, Path directory) {
        this.daemon = daemon;
        this.directory = directory;
    }

    static GitServer start(Path directory, int port) throws IOException {
        Files.createDirectories(directory);
        Path demo = directory.resolve(DEMO_REPOSITORY + ".git");
        if (!Files.exists(demo)) {
            try {
                Git.init().setBare(true).setInitialBranch("main").setDirectory(demo.toFile()).call().close();
            } catch (GitAPIException e) {
                throw new IOException("cannot create " + demo + ": " + e.getMessage(), e);
            }
        }
        Daemon daemon = new Daemon(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        daemon.getService("git-receive-pack").setEnabled(true);
        // exportAll: every repository under the directory is served, no git-daemon-export-ok marker needed
        daemon.setRepositoryResolver(new FileResolver<DaemonClient>(directory.toFile(), true));
        daemon.setReceivePackFactory((DaemonClient client, Repository db) -> new ReceivePack(db));
        daemon.start();
        return new GitServer(daemon, directory);
    }

    Path directory() {
        return directory;
    }

    int port() {
        return daemon.getAddress().getPort();
    }

    /** The demo repository's remote URL, as an integration's {@code settings.repoUrl}. */
    String demoUrl() {
        return "git://localhost:" + port() + "/" + DEMO_REPOSITORY + ".git";
    }

    @Override
    public void close() {
        daemon.stop();
    }
}
