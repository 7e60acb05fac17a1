package io.prdtool.integration.git;

import static io.prdtool.integration.git.GitTestRepos.prd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.delivery.DeliveryException.Kind;

/** Which remotes a publish talks to: https and ssh to public hosts only, unless the operator or a test says more. */
class GitRemotePolicyTest {

    @TempDir
    Path tmp;

    private GitSettings production() {
        return GitSettings.defaults().withCacheDir(tmp.resolve("cache"));
    }

    private static void refused(GitCommitter committer, String url, String why) {
        assertThatThrownBy(() -> committer.publish(GitTarget.of(url), GitCredentials.token(null, "tok"),
                prd("1.0.0", "x\n")))
                .as(url)
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TERMINAL))
                .hasMessageContaining(why);
    }

    @Test
    void localPathsFileUrlsAndPlainProtocolsAreRefusedInProduction() throws Exception {
        GitCommitter committer = new GitCommitter(production());
        Path bare = tmp.resolve("local.git");
        org.eclipse.jgit.api.Git.init().setBare(true).setDirectory(bare.toFile()).call().close();

        refused(committer, bare.toString(), "local repositories are refused");
        refused(committer, bare.toUri().toString(), "local repositories are refused");
        refused(committer, "git://example.org/repo.git", "git:// remotes are refused");
        refused(committer, "http://example.org/repo.git", "plain http");
        refused(committer, "ftp://example.org/repo.git", "https or ssh");
        refused(committer, "https://x-access-token:ghp_abc@github.com/o/r.git", "must not contain credentials");
        refused(committer, "", "empty");
    }

    @Test
    void privateAndLoopbackHostsAreRefusedBeforeAnyConnection() {
        GitCommitter committer = new GitCommitter(production());

        refused(committer, "https://127.0.0.1/o/r.git", "private, loopback or link-local");
        refused(committer, "https://169.254.169.254/latest/meta-data.git", "private, loopback or link-local");
        assertThat(tmp.resolve("cache")).doesNotExist();
        for (String ssh : new String[]{"ssh://git@10.0.0.7/o/r.git", "git@192.168.1.20:o/r.git"}) {
            GitRemote remote = GitRemote.vet(ssh, production());
            assertThatThrownBy(() -> remote.checkHost(production())).as(ssh)
                    .isInstanceOfSatisfying(DeliveryException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.TERMINAL))
                    .hasMessageContaining("private, loopback or link-local");
        }
    }

    @Test
    void anAllowedPrivateHttpsHostThatDoesNotAnswerIsRetryable() throws Exception {
        GitCommitter committer = new GitCommitter(production().withRemotePolicy(true, false, false));
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> committer.publish(GitTarget.of("https://127.0.0.1:" + closedPort + "/o/r.git"),
                GitCredentials.token(GitCredentials.GITLAB_USER, "glpat-secret-token"), prd("1.0.0", "x\n")))
                .isInstanceOfSatisfying(DeliveryException.class,
                        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.RETRYABLE))
                .hasMessageNotContaining("glpat-secret-token");
    }

    @Test
    void vettedRemotesKnowTheirKind() {
        GitSettings settings = production();

        assertThat(GitRemote.vet("https://github.com/o/r.git", settings).kind()).isEqualTo(GitRemote.Kind.HTTPS);
        assertThat(GitRemote.vet("git@github.com:o/r.git", settings).kind()).isEqualTo(GitRemote.Kind.SSH);
        assertThat(GitRemote.vet("ssh://git@gitlab.com:2222/o/r.git", settings).sshPort()).isEqualTo(2222);
        assertThat(GitRemote.vet("git@github.com:o/r.git", settings).sshPort()).isEqualTo(22);
        assertThat(GitRemote.vet("https://github.com/o/r.git", settings).cacheKey())
                .isEqualTo(GitRemote.vet(" https://github.com/o/r.git ", settings).cacheKey())
                .isNotEqualTo(GitRemote.vet("https://github.com/o/other.git", settings).cacheKey())
                .hasSize(32);
    }
}
