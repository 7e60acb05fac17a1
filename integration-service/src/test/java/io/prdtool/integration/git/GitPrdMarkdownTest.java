package io.prdtool.integration.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.integration.delivery.DeliveryException;

/** The file and commit message are pure functions of the version: fixed bytes, no clock, YAML that cannot break. */
class GitPrdMarkdownTest {

    private static final UUID ID = UUID.fromString("6f1c2a0e-5b7d-4c1e-9a43-2d8f0b9e7c11");

    private static PrdFile file(String title, String status, String markdown, Instant createdAt) {
        return new PrdFile(ID, "checkout", title, "1.2.0", status, markdown, "Tightened scope.\r\nAdded metrics.",
                createdAt);
    }

    @Test
    void theFileIsFrontMatterThenTheMarkdownWithNothingTimeDependent() {
        PrdFile prd = file("Checkout", "approved", "# Checkout\r\n\r\nBody\n\n\n",
                Instant.parse("2026-01-01T00:00:00Z"));

        String text = new String(PrdMarkdown.render(prd), StandardCharsets.UTF_8);

        assertThat(text).isEqualTo("""
                ---
                prd_id: "6f1c2a0e-5b7d-4c1e-9a43-2d8f0b9e7c11"
                title: "Checkout"
                version: "1.2.0"
                status: "approved"
                content_sha256: "%s"
                ---

                # Checkout

                Body
                """.formatted(PrdMarkdown.contentSha256(prd)));
        assertThat(text).doesNotContain("2026");
        // the hash is of the body as written
        assertThat(PrdMarkdown.contentSha256(prd)).isEqualTo(sha256("# Checkout\n\nBody\n"));
    }

    @Test
    void theCreationTimeDoesNotReachTheFile() {
        PrdFile early = file("Checkout", null, "text", Instant.parse("2026-01-01T00:00:00Z"));
        PrdFile late = file("Checkout", null, "text", Instant.parse("2030-06-01T12:00:00Z"));

        assertThat(PrdMarkdown.render(late)).isEqualTo(PrdMarkdown.render(early));
        assertThat(new String(PrdMarkdown.render(early), StandardCharsets.UTF_8)).doesNotContain("status:");
    }

    @Test
    void titlesAreQuotedSoYamlSyntaxInThemStaysText() {
        PrdFile prd = file("Pay: \"now\" \\ later\n--- # not a comment", "in\treview", "", Instant.EPOCH);

        String text = new String(PrdMarkdown.render(prd), StandardCharsets.UTF_8);

        assertThat(text).contains("title: \"Pay: \\\"now\\\" \\\\ later --- # not a comment\"\n");
        assertThat(text).contains("status: \"in review\"\n");
        assertThat(text).endsWith("---\n");
    }

    @Test
    void theCommitMessageHasTitleVersionChangelogAndTrailers() {
        PrdFile prd = file("Checkout\nredesign", null, "x", Instant.EPOCH);

        assertThat(PrdMarkdown.commitMessage(prd)).isEqualTo("""
                Checkout redesign v1.2.0

                Tightened scope.
                Added metrics.

                PRD-Id: 6f1c2a0e-5b7d-4c1e-9a43-2d8f0b9e7c11
                PRD-Version: 1.2.0
                Content-SHA256: %s
                """.formatted(PrdMarkdown.contentSha256(prd)));
    }

    @Test
    void slugsAndPrefixesThatCouldLeaveTheFolderAreRefused() {
        assertThat(PrdMarkdown.path("prds/", "checkout-v2")).isEqualTo("prds/checkout-v2.md");
        assertThat(PrdMarkdown.path("", "checkout")).isEqualTo("checkout.md");
        for (String slug : new String[]{"../etc", "a/b", "Upper", ".hidden", "", "a..b"}) {
            assertThatThrownBy(() -> PrdMarkdown.path("prds/", slug)).as(slug)
                    .isInstanceOf(DeliveryException.class);
        }
        for (String prefix : new String[]{"../", "a/../", ".git/", "a//"}) {
            assertThatThrownBy(() -> PrdMarkdown.path(prefix, "x")).as(prefix).isInstanceOf(DeliveryException.class);
        }
        assertThat(new GitTarget("u", null, "/docs\\prd", null).pathPrefix()).isEqualTo("docs/prd/");
    }

    @Test
    void aVersionLabelThatCouldForgeATrailerIsRefused() {
        PrdFile prd = new PrdFile(ID, "x", "T", "1.0.0\nPRD-Id: someone-else", null, "x", null, Instant.EPOCH);

        assertThatThrownBy(() -> PrdMarkdown.commitMessage(prd)).isInstanceOf(DeliveryException.class);
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
