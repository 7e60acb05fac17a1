package io.prdtool.integration.git;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import org.eclipse.jgit.transport.URIish;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.shared.net.OutboundUrlGuard;
import io.prdtool.shared.problem.ProblemException;

/**
 * A remote URL we agreed to talk to. Only https and ssh (including the scp form {@code git@host:path}) pass;
 * {@code git://} and local repositories ({@code file:} URLs, plain paths) only when a test flag allows them, since a
 * local path would let a user read any repository on this server. The host is checked against the SSRF guard before
 * every network operation ({@link #checkHost}), not once: DNS may answer differently later.
 */
final class GitRemote {

    enum Kind {
        HTTPS, SSH, GIT, LOCAL
    }

    private final URIish uri;
    private final Kind kind;
    private final String cacheKey;

    private GitRemote(URIish uri, Kind kind, String cacheKey) {
        this.uri = uri;
        this.kind = kind;
        this.cacheKey = cacheKey;
    }

    /** Parses and vets {@code url}; a refusal is {@link DeliveryException.Kind#TERMINAL}. */
    static GitRemote vet(String url, GitSettings settings) {
        if (url == null || url.isBlank()) {
            throw DeliveryException.terminal("the git remote URL is empty");
        }
        String trimmed = url.trim();
        URIish uri;
        try {
            uri = new URIish(trimmed);
        } catch (URISyntaxException e) {
            throw DeliveryException.terminal("the git remote URL is not valid");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        Kind kind;
        if (scheme == null) {
            kind = uri.getHost() == null ? Kind.LOCAL : Kind.SSH; // a plain path, or the scp form git@host:path
        } else {
            kind = switch (scheme) {
                case "https" -> Kind.HTTPS;
                case "ssh", "ssh+git", "git+ssh" -> Kind.SSH;
                case "git" -> Kind.GIT;
                case "file" -> Kind.LOCAL;
                case "http" -> throw DeliveryException.terminal("plain http git remotes are refused; use https");
                default -> throw DeliveryException.terminal("git remotes must be https or ssh URLs");
            };
        }
        switch (kind) {
            case HTTPS -> {
                if (uri.getUser() != null || uri.getPass() != null) {
                    throw DeliveryException.terminal(
                            "the git remote URL must not contain credentials; store the token separately");
                }
            }
            case SSH -> {
                if (uri.getPass() != null) {
                    throw DeliveryException.terminal("the git remote URL must not contain a password");
                }
            }
            case GIT -> {
                if (!settings.allowGitProtocol()) {
                    throw DeliveryException.terminal("git:// remotes are refused; use https or ssh");
                }
            }
            case LOCAL -> {
                if (!settings.allowLocalRepositories()) {
                    throw DeliveryException.terminal("local repositories are refused; use an https or ssh URL");
                }
            }
        }
        if (kind != Kind.LOCAL && (uri.getHost() == null || uri.getHost().isBlank())) {
            throw DeliveryException.terminal("the git remote URL must name a host");
        }
        return new GitRemote(uri, kind, sha256(trimmed).substring(0, 32));
    }

    /**
     * Resolves the host and refuses private, loopback and link-local addresses unless the operator allows them. Blocks
     * on DNS. JGit connects by name afterwards, so an egress policy should back this up (see package docs).
     */
    void checkHost(GitSettings settings) {
        if (kind == Kind.LOCAL) {
            return;
        }
        try {
            OutboundUrlGuard.resolve(uri.getHost(), "git remote", settings.allowPrivateHosts());
        } catch (ProblemException e) {
            throw DeliveryException.terminal(e.getMessage());
        }
    }

    URIish uri() {
        return uri;
    }

    Kind kind() {
        return kind;
    }

    String host() {
        return uri.getHost();
    }

    /** The port for host key matching: the URL's, or 22. */
    int sshPort() {
        return uri.getPort() > 0 ? uri.getPort() : 22;
    }

    /** Names the cache folder and the per-remote lock: a hash of the URL as given. */
    String cacheKey() {
        return cacheKey;
    }

    /** The URL without user info, for messages and logs. */
    @Override
    public String toString() {
        return uri.setUser(null).setPass(null).toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
