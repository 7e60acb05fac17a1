package io.prdtool.integration.git;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@link GitConfig} as a plain value, so the blocking core ({@link GitCommitter}) runs and is tested without a
 * container.
 */
public record GitSettings(Path cacheDir, String authorName, String authorEmail, Duration timeout, int maxAttempts,
        int historyDepth, Duration lockTimeout, boolean allowPrivateHosts, boolean allowGitProtocol,
        boolean allowLocalRepositories) {

    public GitSettings {
        if (maxAttempts < 1 || historyDepth < 1) {
            throw new IllegalArgumentException("maxAttempts and historyDepth must be at least 1");
        }
    }

    /** The production defaults: the temp-dir cache, https and ssh to public hosts only. */
    public static GitSettings defaults() {
        return new GitSettings(defaultCacheDir(), "PRD Tool", "prdtool-bot@users.noreply.prdtool.invalid",
                Duration.ofSeconds(60), 5, 500, Duration.ofMinutes(2), false, false, false);
    }

    public static GitSettings from(GitConfig config) {
        return new GitSettings(config.cacheDir().filter(s -> !s.isBlank()).map(Path::of).orElseGet(
                GitSettings::defaultCacheDir), config.authorName(), config.authorEmail(), config.timeout(),
                config.maxAttempts(), config.historyDepth(), config.lockTimeout(), config.allowPrivateHosts(),
                config.allowGitProtocol(), config.allowLocalRepositories());
    }

    public GitSettings withCacheDir(Path dir) {
        return new GitSettings(dir, authorName, authorEmail, timeout, maxAttempts, historyDepth, lockTimeout,
                allowPrivateHosts, allowGitProtocol, allowLocalRepositories);
    }

    public GitSettings withHistoryDepth(int depth) {
        return new GitSettings(cacheDir, authorName, authorEmail, timeout, maxAttempts, depth, lockTimeout,
                allowPrivateHosts, allowGitProtocol, allowLocalRepositories);
    }

    /** Which remotes are accepted (tests allow loopback hosts, {@code git://} and local paths). */
    public GitSettings withRemotePolicy(boolean privateHosts, boolean gitProtocol, boolean localRepositories) {
        return new GitSettings(cacheDir, authorName, authorEmail, timeout, maxAttempts, historyDepth, lockTimeout,
                privateHosts, gitProtocol, localRepositories);
    }

    private static Path defaultCacheDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "prdtool-git-cache");
    }
}
