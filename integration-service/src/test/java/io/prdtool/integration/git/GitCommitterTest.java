package io.prdtool.integration.git;

import static io.prdtool.integration.git.GitTestRepos.PRD_ID;
import static io.prdtool.integration.git.GitTestRepos.prd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.git.CommitResult.Outcome;

/** The commit, idempotency and race logic against real remotes: JGit's git daemon on 127.0.0.1 and file:// repos. */
class GitCommitterTest {

    private static final String PATH = "prds/checkout-redesign.md";

    @TempDir
    Path tmp;

    private GitTestRepos repos;
    private GitSettings settings;
    private GitCommitter committer;

    @BeforeEach
    void start() throws Exception {
        repos = new GitTestRepos(tmp.resolve("server"));
        settings = GitSettings.defaults().withCacheDir(tmp.resolve("cache")).withRemotePolicy(true, true, true);
        committer = new GitCommitter(settings);
    }

    @AfterEach
    void stop() throws Exception {
        repos.close();
    }

    @Test
    void firstPublishIntoAnEmptyRepositoryCreatesTheBranch() throws Exception {
        repos.create("docs");

        CommitResult result = committer.publish(GitTarget.of(repos.gitUrl("docs")), GitCredentials.none(),
                prd("1.0.0", "# Checkout\n\nFaster.\n"));

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.branch()).isEqualTo("main");
        assertThat(result.attempts()).isEqualTo(1);
        List<RevCommit> log = repos.log("docs", "main");
        assertThat(log).hasSize(1);
        RevCommit commit = log.get(0);
        assertThat(commit.name()).isEqualTo(result.commitHash());
        assertThat(commit.getParentCount()).isZero();
        assertThat(repos.tree("docs", result.commitHash())).containsOnlyKeys(PATH);
        assertThat(commit.getShortMessage()).isEqualTo("Checkout redesign v1.0.0");
        assertThat(commit.getFooterLines("PRD-Id")).containsExactly(PRD_ID.toString());
        assertThat(commit.getFooterLines("PRD-Version")).containsExactly("1.0.0");
        assertThat(commit.getFooterLines("Content-SHA256")).containsExactly(
                PrdMarkdown.contentSha256(prd("1.0.0", "# Checkout\n\nFaster.\n")));
        assertThat(commit.getAuthorIdent().getName()).isEqualTo("PRD Tool");
        assertThat(commit.getAuthorIdent().getWhenAsInstant()).isEqualTo(GitTestRepos.CREATED);
        assertThat(commit.getCommitterIdent().getWhenAsInstant()).isEqualTo(GitTestRepos.CREATED);
        assertThat(repos.read("docs", result.commitHash(), PATH)).endsWith("\n# Checkout\n\nFaster.\n");
    }

    @Test
    void aNewVersionReplacesOnlyItsFileAndKeepsEverythingElse() throws Exception {
        repos.create("docs");
        repos.commitDirect("docs", "main", Map.of("README.md", "# Docs\n", "prds/other.md", "other PRD\n",
                "src/app.txt", "code\n"), "Seed");
        GitTarget target = GitTarget.of(repos.gitUrl("docs"));

        CommitResult v1 = committer.publish(target, GitCredentials.none(), prd("1.0.0", "first\n"));
        CommitResult v2 = committer.publish(target, GitCredentials.none(), prd("1.1.0", "second\n"));

        assertThat(v2.outcome()).isEqualTo(Outcome.CREATED);
        List<RevCommit> log = repos.log("docs", "main");
        assertThat(log).extracting(RevCommit::getShortMessage).containsExactly("Checkout redesign v1.1.0",
                "Checkout redesign v1.0.0", "Seed");
        assertThat(log.get(0).getParent(0).name()).isEqualTo(v1.commitHash());
        Map<String, ObjectId> before = repos.tree("docs", v1.commitHash());
        Map<String, ObjectId> after = repos.tree("docs", v2.commitHash());
        assertThat(after.keySet()).containsExactlyInAnyOrder("README.md", "prds/other.md", "src/app.txt", PATH);
        assertThat(after).usingRecursiveComparison().ignoringFields(PATH).isEqualTo(before);
        assertThat(after.get(PATH)).isNotEqualTo(before.get(PATH));
        assertThat(repos.read("docs", v2.commitHash(), PATH)).contains("version: \"1.1.0\"").endsWith("second\n");
    }

    @Test
    void republishingTheSameVersionReturnsTheSameCommit() throws Exception {
        repos.create("docs");
        GitTarget target = GitTarget.of(repos.gitUrl("docs"));
        CommitResult first = committer.publish(target, GitCredentials.none(), prd("1.0.0", "body\n"));
        // someone commits on top: the version's commit is no longer the tip, and is still found
        repos.commitDirect("docs", "main", Map.of("README.md", "hi\n"), "Add README");

        CommitResult again = committer.publish(target, GitCredentials.none(), prd("1.0.0", "body\n"));
        CommitResult changedText = committer.publish(target, GitCredentials.none(), prd("1.0.0", "edited later\n"));

        assertThat(again.outcome()).isEqualTo(Outcome.EXISTING);
        assertThat(again.commitHash()).isEqualTo(first.commitHash());
        assertThat(changedText.outcome()).isEqualTo(Outcome.EXISTING);
        assertThat(changedText.commitHash()).isEqualTo(first.commitHash());
        assertThat(repos.log("docs", "main")).hasSize(2);
    }

    @Test
    void theSameContentUnderANewVersionIsANewCommitWithTheSameContentHash() throws Exception {
        repos.create("docs");
        GitTarget target = GitTarget.of(repos.gitUrl("docs"));
        CommitResult v1 = committer.publish(target, GitCredentials.none(), prd("1.0.0", "same\n"));

        CommitResult v2 = committer.publish(target, GitCredentials.none(), prd("1.0.1", "same\n"));

        assertThat(v2.outcome()).isEqualTo(Outcome.CREATED);
        List<RevCommit> log = repos.log("docs", "main");
        assertThat(log).hasSize(2);
        assertThat(log.get(0).getFooterLines("Content-SHA256")).isEqualTo(log.get(1).getFooterLines(
                "Content-SHA256"));
        assertThat(repos.read("docs", v2.commitHash(), PATH)).contains("version: \"1.0.1\"");
        assertThat(repos.read("docs", v1.commitHash(), PATH)).contains("version: \"1.0.0\"");
    }

    @Test
    void anIdenticalFileAlreadyOnTheBranchIsLeftUnchanged() throws Exception {
        repos.create("docs");
        String rendered = new String(PrdMarkdown.render(prd("2.0.0", "text\n")),
                java.nio.charset.StandardCharsets.UTF_8);
        ObjectId manual = repos.commitDirect("docs", "main", Map.of(PATH, rendered), "Copied by hand");

        CommitResult result = committer.publish(GitTarget.of(repos.gitUrl("docs")), GitCredentials.none(),
                prd("2.0.0", "text\n"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(result.commitHash()).isEqualTo(manual.name());
        assertThat(repos.log("docs", "main")).hasSize(1);
    }

    @Test
    void aForeignPushBetweenFetchAndPushIsRetriedOnTopOfIt() throws Exception {
        repos.create("docs");
        repos.commitDirect("docs", "main", Map.of("README.md", "v0\n"), "Seed");
        String url = repos.gitUrl("docs");
        Path clone = tmp.resolve("someone-else");
        GitCommitter racing = new GitCommitter(settings, attempt -> {
            if (attempt == 1) {
                pushFromSecondClone(url, clone, "README.md", "changed by someone else\n");
            }
        });

        CommitResult result = racing.publish(GitTarget.of(url), GitCredentials.none(), prd("1.0.0", "ours\n"));

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.attempts()).isEqualTo(2);
        List<RevCommit> log = repos.log("docs", "main");
        assertThat(log).extracting(RevCommit::getShortMessage).containsExactly("Checkout redesign v1.0.0",
                "Someone else's change", "Seed");
        assertThat(log.get(0).name()).isEqualTo(result.commitHash());
        assertThat(log).filteredOn(c -> c.getFooterLines("PRD-Id").contains(PRD_ID.toString())).hasSize(1);
        assertThat(repos.read("docs", result.commitHash(), "README.md")).isEqualTo("changed by someone else\n");
    }

    @Test
    void losingTheRaceEveryTimeFailsAsRetryable() throws Exception {
        repos.create("docs");
        GitCommitter alwaysLate = new GitCommitter(settings, attempt -> repos.commitDirect("docs", "main", Map.of(
                "noise-" + attempt + ".txt", "x\n"), "Noise " + attempt));

        assertThatThrownBy(() -> alwaysLate.publish(GitTarget.of(repos.gitUrl("docs")), GitCredentials.none(),
                prd("1.0.0", "ours\n")))
                .isInstanceOfSatisfying(DeliveryException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE))
                .hasMessageContaining("5 times");
        assertThat(repos.log("docs", "main")).hasSize(5).noneMatch(c -> c.getShortMessage().startsWith("Checkout"));
    }

    @Test
    void aPushTheServerRefusesIsTerminalWithItsReason() throws Exception {
        repos.create("docs");
        repos.rejectPushes("protected branch: changes need a review");

        assertThatThrownBy(() -> committer.publish(GitTarget.of(repos.gitUrl("docs")), GitCredentials.none(),
                prd("1.0.0", "ours\n")))
                .isInstanceOfSatisfying(DeliveryException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TERMINAL))
                .hasMessageContaining("protected branch: changes need a review");
        assertThat(repos.log("docs", "main")).isEmpty();
    }

    @Test
    void aMissingRepositoryIsGone() {
        for (String url : List.of(repos.gitUrl("nothing-here"), repos.fileUrl("nothing-here"))) {
            assertThatThrownBy(() -> committer.publish(GitTarget.of(url), GitCredentials.none(), prd("1.0.0", "x\n")))
                    .as(url)
                    .isInstanceOfSatisfying(DeliveryException.class,
                            e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.GONE));
        }
    }

    @Test
    void anUnreachableServerIsRetryable() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "git://127.0.0.1:" + closedPort + "/docs.git";

        assertThatThrownBy(() -> committer.publish(GitTarget.of(url), GitCredentials.none(), prd("1.0.0", "x\n")))
                .isInstanceOfSatisfying(DeliveryException.class,
                        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(DeliveryException.Kind.RETRYABLE));
    }

    @Test
    void theSameInputGivesIdenticalBlobsAndCommitsInFreshRepositories() throws Exception {
        repos.create("one");
        repos.create("two");
        GitCommitter other = new GitCommitter(settings.withCacheDir(tmp.resolve("other-cache")));

        CommitResult a = committer.publish(GitTarget.of(repos.gitUrl("one")), GitCredentials.none(),
                prd("3.1.4", "# Same\r\n\r\ntext"));
        CommitResult b = other.publish(GitTarget.of(repos.fileUrl("two")), GitCredentials.none(),
                prd("3.1.4", "# Same\r\n\r\ntext"));

        assertThat(b.commitHash()).isEqualTo(a.commitHash());
        assertThat(repos.tree("two", b.commitHash())).isEqualTo(repos.tree("one", a.commitHash()));
    }

    @Test
    void branchAndFolderComeFromTheTarget() throws Exception {
        repos.create("docs");
        repos.commitDirect("docs", "main", Map.of("README.md", "main\n"), "Seed main");
        GitTarget target = GitTarget.of(repos.gitUrl("docs")).withBranch("product/specs").withPathPrefix(
                "/docs/prd");

        CommitResult result = committer.publish(target, GitCredentials.none(), prd("1.0.0", "x\n"));

        assertThat(result.branch()).isEqualTo("product/specs");
        assertThat(repos.tree("docs", result.commitHash())).containsOnlyKeys("docs/prd/checkout-redesign.md");
        assertThat(repos.log("docs", "main")).hasSize(1);
    }

    @Test
    void concurrentPublishesToOneRemoteRunOneAtATime() throws Exception {
        repos.create("docs");
        GitTarget target = GitTarget.of(repos.gitUrl("docs"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CommitResult>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                PrdFile file = new PrdFile(UUID.nameUUIDFromBytes(new byte[]{(byte) i}), "prd-" + i, "PRD " + i,
                        "1.0.0", null, "text " + i + "\n", null, GitTestRepos.CREATED);
                futures.add(pool.submit(() -> committer.publish(target, GitCredentials.none(), file)));
            }
            for (Future<CommitResult> f : futures) {
                // serialized in this JVM: nobody loses a push race, so nobody needs a second attempt
                assertThat(f.get().attempts()).isEqualTo(1);
                assertThat(f.get().outcome()).isEqualTo(Outcome.CREATED);
            }
        } finally {
            pool.shutdownNow();
        }
        List<RevCommit> log = repos.log("docs", "main");
        assertThat(log).hasSize(4);
        assertThat(repos.tree("docs", log.get(0).name())).hasSize(4);
    }

    @Test
    void theCacheIsABareRepositoryThatFollowsNoRedirects() throws Exception {
        repos.create("docs");
        committer.publish(GitTarget.of(repos.gitUrl("docs")), GitCredentials.none(), prd("1.0.0", "x\n"));

        try (java.util.stream.Stream<Path> dirs = java.nio.file.Files.list(tmp.resolve("cache"))) {
            List<Path> caches = dirs.toList();
            assertThat(caches).hasSize(1);
            try (Repository cache = new FileRepositoryBuilder().setGitDir(caches.get(0).toFile()).setBare()
                    .build()) {
                assertThat(cache.isBare()).isTrue();
                assertThat(cache.getConfig().getString("http", null, "followRedirects")).isEqualTo("false");
            }
        }
    }

    private static void pushFromSecondClone(String url, Path dir, String file, String text) throws Exception {
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(dir.toFile()).call()) {
            java.nio.file.Files.writeString(dir.resolve(file), text);
            git.add().addFilepattern(file).call();
            git.commit().setMessage("Someone else's change").setAuthor("Someone Else", "else@example.org")
                    .setSign(false).call();
            git.push().call().forEach(r -> r.getRemoteUpdates().forEach(u -> assertThat(u.getStatus()).isEqualTo(
                    org.eclipse.jgit.transport.RemoteRefUpdate.Status.OK)));
        }
    }
}
