package io.prdtool.integration.git;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The git target's settings ({@code prdtool.integration.git.*}, env {@code PRDTOOL_INTEGRATION_GIT_...}). */
@ConfigMapping(prefix = "prdtool.integration.git")
public interface GitConfig {

    /**
     * Where the bare clones are cached, one folder per remote (named by a hash of its URL). Empty:
     * {@code <java.io.tmpdir>/prdtool-git-cache}. Losing it costs one full fetch per remote, nothing else.
     */
    Optional<String> cacheDir();

    /** The bot identity commits are authored and committed by. */
    @WithDefault("PRD Tool")
    String authorName();

    @WithDefault("prdtool-bot@users.noreply.prdtool.invalid")
    String authorEmail();

    /** Network timeout of each fetch or push (JGit rounds it to whole seconds). */
    @WithDefault("60s")
    Duration timeout();

    /** Fetch-build-push rounds before a publish that keeps losing the race to other pushers fails as retryable. */
    @WithDefault("5")
    int maxAttempts();

    /** How many commits back from the tip the check "is this PRD version already committed?" looks. */
    @WithDefault("500")
    int historyDepth();

    /** How long a publish waits for another one to the same remote (in this JVM) before it fails as retryable. */
    @WithDefault("2m")
    Duration lockTimeout();

    /** Threads doing git work; at most this many remotes are fetched or pushed at once. */
    @WithDefault("2")
    int workerThreads();

    /**
     * Whether remotes may be on private, loopback or link-local addresses (an SSRF vector: only for a single-tenant
     * install with an internal git server).
     */
    @WithDefault("false")
    boolean allowPrivateHosts();

    /**
     * Tests and the local stack only (its git server speaks {@code git://}): accept unauthenticated, unencrypted
     * {@code git://} remotes.
     */
    @WithDefault("false")
    boolean allowGitProtocol();

    /** Tests only: accept {@code file:} URLs and plain paths, which would read repositories on this server. */
    @WithDefault("false")
    boolean allowLocalRepositories();
}
