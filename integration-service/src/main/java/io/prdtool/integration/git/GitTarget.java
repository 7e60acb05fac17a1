package io.prdtool.integration.git;

/**
 * Where a git integration commits: the remote, the branch and the folder the PRD files live in. Nothing here is
 * secret; the token or deploy key travels separately as {@link GitCredentials}.
 *
 * @param remoteUrl {@code https://host/owner/repo.git}, {@code ssh://git@host/owner/repo.git} or the scp form
 *        {@code git@host:owner/repo.git}; never with a password or token in it
 * @param branch the branch to commit to; null: {@value #DEFAULT_BRANCH}. It is created by the first commit if the
 *        remote does not have it (an empty repository works)
 * @param pathPrefix the folder of the PRD files, relative to the repository root; null: {@value #DEFAULT_PATH_PREFIX};
 *        empty: the root
 * @param sshHostKey for ssh remotes, the server's host key as one known_hosts line ({@code host ssh-ed25519 AAAA...}
 *        or just {@code ssh-ed25519 AAAA...}); the only key accepted. Required for ssh, ignored otherwise
 */
public record GitTarget(String remoteUrl, String branch, String pathPrefix, String sshHostKey) {

    public static final String DEFAULT_BRANCH = "main";
    public static final String DEFAULT_PATH_PREFIX = "prds/";

    public GitTarget {
        branch = branch == null || branch.isBlank() ? DEFAULT_BRANCH : branch.trim();
        pathPrefix = normalizePrefix(pathPrefix == null ? DEFAULT_PATH_PREFIX : pathPrefix);
    }

    /** A target on {@code remoteUrl} with the default branch and folder. */
    public static GitTarget of(String remoteUrl) {
        return new GitTarget(remoteUrl, null, null, null);
    }

    public GitTarget withBranch(String newBranch) {
        return new GitTarget(remoteUrl, newBranch, pathPrefix, sshHostKey);
    }

    public GitTarget withPathPrefix(String newPrefix) {
        return new GitTarget(remoteUrl, branch, newPrefix, sshHostKey);
    }

    public GitTarget withSshHostKey(String knownHostsLine) {
        return new GitTarget(remoteUrl, branch, pathPrefix, knownHostsLine);
    }

    private static String normalizePrefix(String prefix) {
        String p = prefix.trim().replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (!p.isEmpty() && !p.endsWith("/")) {
            p += "/";
        }
        return p;
    }
}
