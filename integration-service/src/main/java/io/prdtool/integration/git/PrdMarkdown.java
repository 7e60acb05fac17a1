package io.prdtool.integration.git;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import io.prdtool.integration.delivery.DeliveryException;

/**
 * The bytes of a PRD file and the text of its commit message. Both are pure functions of the {@link PrdFile}: no
 * clock, no locale, no platform line separator, so the same version always gives the same blob and the same commit.
 */
final class PrdMarkdown {

    static final String TRAILER_PRD_ID = "PRD-Id";
    static final String TRAILER_PRD_VERSION = "PRD-Version";
    static final String TRAILER_CONTENT_SHA256 = "Content-SHA256";

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]{0,63}");
    private static final Pattern PREFIX_SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");

    private PrdMarkdown() {
    }

    /** The file's path in the repository, {@code <prefix><slug>.md}; refuses anything that could leave the prefix. */
    static String path(String pathPrefix, String slug) {
        if (slug == null || !SLUG.matcher(slug).matches() || slug.contains("..")) {
            throw DeliveryException.terminal("the PRD slug is not usable as a file name in git");
        }
        if (!pathPrefix.isEmpty()) {
            for (String segment : pathPrefix.substring(0, pathPrefix.length() - 1).split("/", -1)) {
                if (!PREFIX_SEGMENT.matcher(segment).matches() || segment.equals(".git")) {
                    throw DeliveryException.terminal("the git path prefix '" + pathPrefix + "' is not a plain folder");
                }
            }
        }
        return pathPrefix + slug + ".md";
    }

    /**
     * YAML front matter (prd_id, title, version, status if any, content_sha256) and the Markdown, UTF-8, LF line ends,
     * one final newline.
     */
    static byte[] render(PrdFile file) {
        requireVersion(file.version());
        String body = body(file.markdown());
        StringBuilder out = new StringBuilder(body.length() + 256);
        out.append("---\n");
        out.append("prd_id: ").append(quoted(file.prdId().toString())).append('\n');
        out.append("title: ").append(quoted(oneLine(file.title()))).append('\n');
        out.append("version: ").append(quoted(file.version())).append('\n');
        if (file.status() != null && !file.status().isBlank()) {
            out.append("status: ").append(quoted(oneLine(file.status()))).append('\n');
        }
        out.append("content_sha256: ").append(quoted(contentSha256(file))).append('\n');
        out.append("---\n");
        if (!body.isEmpty()) {
            out.append('\n').append(body);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256 (hex) of the Markdown body as written (LF line ends, one final newline). */
    static String contentSha256(PrdFile file) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(body(file.markdown()).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** {@code <title> v<version>}, the changelog as body, then the trailers the idempotency check reads. */
    static String commitMessage(PrdFile file) {
        requireVersion(file.version());
        StringBuilder m = new StringBuilder();
        m.append(oneLine(file.title())).append(" v").append(file.version()).append("\n\n");
        String changelog = file.changelog() == null ? "" : lineEnds(file.changelog()).strip();
        if (!changelog.isEmpty()) {
            m.append(changelog).append("\n\n");
        }
        m.append(TRAILER_PRD_ID).append(": ").append(file.prdId()).append('\n');
        m.append(TRAILER_PRD_VERSION).append(": ").append(file.version()).append('\n');
        m.append(TRAILER_CONTENT_SHA256).append(": ").append(contentSha256(file)).append('\n');
        return m.toString();
    }

    private static void requireVersion(String version) {
        if (!VERSION.matcher(version).matches()) {
            throw DeliveryException.terminal("the PRD version label is not a plain version (such as 1.4.0)");
        }
    }

    private static String body(String markdown) {
        String s = lineEnds(markdown);
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\n') {
            end--;
        }
        return end == 0 ? "" : s.substring(0, end) + "\n";
    }

    private static String lineEnds(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\t\\u2028\\u2029]+", " ").strip();
    }

    /** A YAML double-quoted scalar: any text reads back exactly, nothing is parsed as YAML syntax. */
    private static String quoted(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                case '\u2028' -> q.append("\\L");
                case '\u2029' -> q.append("\\P");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        q.append("\\x").append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
