package io.prdtool.integration.git;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One PRD version as it is written to git: {@code <prefix><slug>.md}.
 *
 * @param prdId the PRD; goes into the front matter and the {@code PRD-Id} trailer
 * @param slug the file name without {@code .md}: lower-case letters, digits, {@code -}, {@code _} and {@code .}, at
 *        most 100 characters, starting with a letter or digit
 * @param title one line (line breaks become spaces)
 * @param version the version label (semver such as {@code 1.4.0}); goes into {@code PRD-Version}
 * @param status the PRD's status (draft, approved...), or null to leave it out
 * @param markdown the document body
 * @param changelog the version's changelog for the commit message body, or null
 * @param createdAt when the version was created: the commit's author and committer time, so the same version always
 *        makes the same commit
 */
public record PrdFile(UUID prdId, String slug, String title, String version, String status, String markdown,
        String changelog, Instant createdAt) {

    public PrdFile {
        Objects.requireNonNull(prdId, "prdId");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(markdown, "markdown");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
