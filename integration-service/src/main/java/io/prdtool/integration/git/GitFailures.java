package io.prdtool.integration.git;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.delivery.DeliveryException.Kind;

/**
 * Turns what JGit throws into the one {@link DeliveryException}, with every message scrubbed: URLs lose their user
 * info and the publish's own secrets are replaced by {@code ***}. The original exception is not attached as cause (its
 * message and those of its causes may quote a URL with a token); a {@link Redacted} copy of the chain is, with the
 * original stack traces.
 */
final class GitFailures {

    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@]+@");
    private static final Pattern AUTH = Pattern.compile(
            "(?i)not authorized|unauthorized|authentication|auth fail|not permitted|permission denied"
                    + "|access denied|invalid credentials|no more authentication methods|\\b40[13]\\b");
    private static final Pattern TRANSIENT = Pattern.compile(
            "(?i)\\b(5\\d\\d|429|408)\\b|hung up|timed out|timeout|connection refused|connection reset|broken pipe"
                    + "|unknown host|no route to host|network is unreachable|temporarily|temporary failure");

    private GitFailures() {
    }

    /** Classifies {@code failure} of {@code what} (e.g. "fetch from https://host/repo.git"). */
    static DeliveryException classify(Throwable failure, String what, GitAuth auth) {
        if (failure instanceof DeliveryException d) {
            return d;
        }
        List<String> secrets = auth == null ? List.of() : auth.secrets();
        String detail = redact(failure.getMessage(), secrets);
        String message = redact(what, secrets) + " failed: " + (detail == null
                ? failure.getClass().getSimpleName()
                : detail);
        Kind kind = kindOf(failure, auth);
        if (kind == Kind.GONE) {
            message = redact(what, secrets)
                    + " failed: the repository does not exist or these credentials cannot see it";
        } else if (kind == Kind.AUTH && auth != null && auth.hostKeyRejected()) {
            message = redact(what, secrets)
                    + " failed: the server's SSH host key does not match the pinned key; confirm the new key and update the target";
        }
        return new DeliveryException(kind, message, null, null, null, Redacted.of(failure, secrets));
    }

    private static Kind kindOf(Throwable failure, GitAuth auth) {
        if (auth != null && auth.hostKeyRejected()) {
            return Kind.AUTH;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoRemoteRepositoryException) {
                return Kind.GONE;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && AUTH.matcher(t.getMessage()).find()) {
                return Kind.AUTH;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof InterruptedIOException
                    || t instanceof EOFException || t instanceof SocketException
                    || (t.getMessage() != null && TRANSIENT.matcher(t.getMessage()).find())) {
                return Kind.RETRYABLE;
            }
        }
        if (failure instanceof TransportException) {
            return Kind.TERMINAL;
        }
        // local trouble (disk, a damaged cache): the cache is rebuilt, so the next attempt may well succeed
        return failure instanceof java.io.IOException ? Kind.RETRYABLE : Kind.TERMINAL;
    }

    /** {@code text} with user info cut out of any URL and each of {@code secrets} replaced by {@code ***}. */
    static String redact(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = URL_USERINFO.matcher(text).replaceAll("$1***@");
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    /** A stand-in for a JGit exception: its class name and redacted message, its stack trace, a redacted cause. */
    static final class Redacted extends RuntimeException {

        private Redacted(String message, Throwable cause) {
            super(message, cause, false, true);
        }

        static Redacted of(Throwable original, List<String> secrets) {
            if (original == null) {
                return null;
            }
            Redacted cause = original.getCause() == original ? null : of(original.getCause(), secrets);
            String message = original.getClass().getName() + ": " + redact(String.valueOf(original.getMessage()),
                    secrets);
            Redacted copy = new Redacted(message, cause);
            copy.setStackTrace(original.getStackTrace());
            return copy;
        }
    }
}
