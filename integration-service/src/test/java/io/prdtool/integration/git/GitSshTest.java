package io.prdtool.integration.git;

import static io.prdtool.integration.git.GitTestRepos.prd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.delivery.DeliveryException.Kind;
import io.prdtool.integration.git.CommitResult.Outcome;

/**
 * Publishing over SSH to a real sshd (Apache MINA) with an Ed25519 deploy key given as text and the host key pinned by
 * one known_hosts line; nothing under {@code ~/.ssh} is read.
 */
class GitSshTest {

    @TempDir
    Path tmp;

    private GitTestRepos repos;
    private SshGitServer server;
    private KeyPair hostKey;
    private KeyPair userKey;
    private GitCommitter committer;

    @BeforeEach
    void start() throws Exception {
        Path base = tmp.resolve("server");
        repos = new GitTestRepos(base);
        repos.create("docs");
        hostKey = SshGitServer.ed25519();
        userKey = SshGitServer.ed25519();
        server = new SshGitServer(base, hostKey, userKey.getPublic());
        committer = new GitCommitter(GitSettings.defaults().withCacheDir(tmp.resolve("cache"))
                .withRemotePolicy(true, false, false));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        repos.close();
    }

    private String url() {
        return "ssh://git@127.0.0.1:" + server.port() + "/docs.git";
    }

    private String pinnedLine(KeyPair key) {
        return SshGitServer.knownHostsLine("[127.0.0.1]:" + server.port(), key.getPublic());
    }

    @Test
    void publishesWithADeployKeyAndThePinnedHostKey() throws Exception {
        GitTarget target = GitTarget.of(url()).withSshHostKey(pinnedLine(hostKey));
        GitCredentials key = GitCredentials.sshKey(SshGitServer.openSshPrivateKey(userKey), null);

        CommitResult first = committer.publish(target, key, prd("1.0.0", "over ssh\n"));
        CommitResult again = committer.publish(target, key, prd("1.0.0", "over ssh\n"));

        assertThat(first.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(again.outcome()).isEqualTo(Outcome.EXISTING);
        assertThat(again.commitHash()).isEqualTo(first.commitHash());
        assertThat(repos.log("docs", "main")).hasSize(1);
    }

    @Test
    void aBareKeyLineWithoutHostsIsAcceptedToo() throws Exception {
        String bare = SshGitServer.knownHostsLine("", hostKey.getPublic()).strip();
        GitTarget target = GitTarget.of(url()).withSshHostKey(bare);

        CommitResult result = committer.publish(target, GitCredentials.sshKey(SshGitServer.openSshPrivateKey(
                userKey), null), prd("1.0.0", "x\n"));

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
    }

    @Test
    void aServerShowingAnotherHostKeyIsRefusedAsAuth() throws Exception {
        GitTarget target = GitTarget.of(url()).withSshHostKey(pinnedLine(SshGitServer.ed25519()));

        assertThatThrownBy(() -> committer.publish(target, GitCredentials.sshKey(SshGitServer.openSshPrivateKey(
                userKey), null), prd("1.0.0", "x\n")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                .hasMessageContaining("host key");
        assertThat(repos.log("docs", "main")).isEmpty();
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefusedAsAuth() throws Exception {
        GitTarget target = GitTarget.of(url()).withSshHostKey(pinnedLine(hostKey));

        assertThatThrownBy(() -> committer.publish(target, GitCredentials.sshKey(SshGitServer.openSshPrivateKey(
                SshGitServer.ed25519()), null), prd("1.0.0", "x\n")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH));
    }

    @Test
    void aPinnedLineForAnotherHostIsRefusedBeforeConnecting() throws Exception {
        GitTarget target = GitTarget.of(url()).withSshHostKey(SshGitServer.knownHostsLine("github.com",
                hostKey.getPublic()));

        assertThatThrownBy(() -> committer.publish(target, GitCredentials.sshKey(SshGitServer.openSshPrivateKey(
                userKey), null), prd("1.0.0", "x\n")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                .hasMessageContaining("another host");
    }

    @Test
    void anSshRemoteWithoutAPinnedHostKeyOrKeyIsRefused() throws Exception {
        assertThatThrownBy(() -> committer.publish(GitTarget.of(url()), GitCredentials.sshKey(SshGitServer
                .openSshPrivateKey(userKey), null), prd("1.0.0", "x\n")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                .hasMessageContaining("pinned");
        assertThatThrownBy(() -> committer.publish(GitTarget.of(url()).withSshHostKey(pinnedLine(hostKey)),
                GitCredentials.token(null, "ghp_secret"), prd("1.0.0", "x\n")))
                .isInstanceOfSatisfying(DeliveryException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.TERMINAL));
    }

    @Test
    void anUnreadableKeyIsAuthAndTheMessageDoesNotQuoteIt() {
        String garbage = "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbCwganVzdCB0ZXh0\n"
                + "-----END OPENSSH PRIVATE KEY-----\n";

        assertThatThrownBy(() -> committer.publish(GitTarget.of(url()).withSshHostKey(pinnedLine(hostKey)),
                GitCredentials.sshKey(garbage, null), prd("1.0.0", "x\n")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                .hasMessageNotContaining("bm90IGEga2V5");
    }
}
