package io.prdtool.prd.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

import io.prdtool.shared.problem.ProblemException;

/** Checks for URLs clients store with us; each answers a 400 that says what is accepted. */
public final class Urls {

    private static final int MAX_LENGTH = 2048;
    // scp-like git remotes: git@github.com:org/repo.git
    private static final Pattern SCP_GIT = Pattern.compile("^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._~/-]+$");

    private Urls() {
    }

    /** An avatar image: an absolute https URL with a host. */
    public static void requireAvatar(String url) {
        URI uri = parse(url, "avatarUrl");
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null) {
            throw ProblemException.badRequest("avatarUrl must be an absolute https URL without credentials");
        }
    }

    /**
     * A git remote: https://host/path, ssh://[user@]host[:port]/path or user@host:path. Credentials inside an https
     * URL are refused: they would be stored in clear and shown to every member.
     */
    public static void requireGitRepo(String url) {
        if (url.length() <= MAX_LENGTH && SCP_GIT.matcher(url).matches()) {
            return;
        }
        URI uri = parse(url, "gitRepoUrl");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean hasPath = uri.getPath() != null && uri.getPath().length() > 1;
        boolean ok = switch (scheme) {
            case "https" -> uri.getHost() != null && uri.getUserInfo() == null && hasPath;
            case "ssh" -> uri.getHost() != null && hasPath;
            default -> false;
        };
        if (!ok) {
            throw ProblemException.badRequest("gitRepoUrl must be https://host/owner/repo (no credentials),"
                    + " ssh://host/owner/repo or git@host:owner/repo.git");
        }
    }

    private static URI parse(String url, String field) {
        if (url.length() > MAX_LENGTH) {
            throw ProblemException.badRequest(field + " is longer than " + MAX_LENGTH + " characters");
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw ProblemException.badRequest(field + " is not a valid URL: " + e.getReason());
        }
    }
}
