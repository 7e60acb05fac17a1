package io.prdtool.integration.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketTimeoutException;
import java.util.List;

import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.delivery.DeliveryException.Kind;

/** How JGit failures are classified, and that no URL user info or token survives into messages or causes. */
class GitFailuresTest {

    @Test
    void urlsLoseTheirUserInfoAndKnownSecretsAreMasked() {
        String text = "https://x-access-token:ghp_s3cr3t@github.com/o/r.git: not authorized; retry with ghp_s3cr3t"
                + " or ssh://deploy@host/r.git";

        String redacted = GitFailures.redact(text, List.of("ghp_s3cr3t"));

        assertThat(redacted).isEqualTo("https://***@github.com/o/r.git: not authorized; retry with ***"
                + " or ssh://***@host/r.git");
    }

    @Test
    void theCauseChainIsRedactedToo() throws Exception {
        IOException inner = new IOException("connect to https://u:tok123@h.example/r.git timed out");
        TransportException outer = new TransportException("https://u:tok123@h.example/r.git: " + "fetch failed",
                inner);

        DeliveryException e = GitFailures.classify(outer, "publishing to https://h.example/r.git", null);

        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("tok123").doesNotContain("u:").contains("https://***@h.example");
        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(e.getCause().getStackTrace()).isEqualTo(outer.getStackTrace());
    }

    @Test
    void failuresAreSortedIntoTheFourKinds() throws Exception {
        URIish uri = new URIish("https://git.example/o/r.git");

        assertThat(kind(new NoRemoteRepositoryException(uri, "not found"))).isEqualTo(Kind.GONE);
        assertThat(kind(new TransportException(uri, "not authorized"))).isEqualTo(Kind.AUTH);
        assertThat(kind(new TransportException(uri, "git-receive-pack not permitted on 'x'"))).isEqualTo(Kind.AUTH);
        assertThat(kind(new TransportException(uri, "Authentication is required but no CredentialsProvider has been"
                + " registered"))).isEqualTo(Kind.AUTH);
        assertThat(kind(new TransportException(uri, "503 Service Unavailable"))).isEqualTo(Kind.RETRYABLE);
        assertThat(kind(new TransportException(uri, "Connection refused"))).isEqualTo(Kind.RETRYABLE);
        assertThat(kind(new TransportException(uri, "read failed", new SocketTimeoutException("Read timed out"))))
                .isEqualTo(Kind.RETRYABLE);
        assertThat(kind(new TransportException(uri, "invalid advertisement of <garbage>"))).isEqualTo(Kind.TERMINAL);
    }

    private static Kind kind(Exception e) {
        return GitFailures.classify(e, "publishing", null).kind();
    }
}
