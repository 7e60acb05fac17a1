package io.prdtool.prd.prd;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import io.prdtool.shared.problem.Problem;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;

/**
 * Reads a Markdown document, with optional YAML front matter, into the fields of a new PRD. Pure: no I/O, no
 * database, so every rule is unit-testable.
 * <p>
 * Front matter is the block between a first line {@code ---} and the next line {@code ---} (or {@code ...}); one empty
 * line after it belongs to it too (the export writes one). It is YAML 1.2 with the core schema (SnakeYAML Engine):
 * {@code yes} is a string, not a flag, and a date is a string. Keys: {@link #FIELDS} are mapped, {@link #EXPORT_KEYS}
 * (what the version export writes about where it came from) are ignored, anything else is refused, so a typo never
 * vanishes silently. A value of the wrong kind is refused, never converted ({@code title: 12345} is a 400, like
 * {@code "title": 12345} in JSON).
 */
public final class MarkdownImport {

    /** Front matter is metadata about the document, not the document: 64 Ki characters is plenty. */
    public static final int MAX_FRONT_MATTER = 64 * 1024;

    /** Keys that become fields of the new PRD. */
    public static final List<String> FIELDS = List.of("title", "slug", "status", "template_id", "metadata",
            "approver_ids");

    /** Keys the version export writes about its source; accepted and ignored, so an export imports as it is. */
    public static final List<String> EXPORT_KEYS = List.of("prd_id", "version", "created_at", "commit",
            "exported_at");

    private static final Pattern OPENING = Pattern.compile("\\A---[ \\t]*\\r?\\n");
    private static final Pattern CLOSING = Pattern.compile("^(?:---|\\.\\.\\.)[ \\t]*(?:\\r?\\n|\\z)",
            Pattern.MULTILINE);
    private static final Pattern BLANK_LINE = Pattern.compile("\\A\\r?\\n");
    private static final Pattern H1 = Pattern.compile("^ {0,3}#[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

    private MarkdownImport() {
    }

    /** What a document says about the PRD to create; null fields were not given. */
    public record Document(String body, String title, String slug, String status, UUID templateId,
            Map<String, Object> metadata, List<UUID> approverIds) {
    }

    /** A refusal naming the field (a JSON field, a form part or a front matter key) in the problem's errors. */
    public static final class Refused extends ProblemException {

        private static final long serialVersionUID = 1L;
        private final String field;
        private final String reason;

        Refused(String field, String reason) {
            super(ProblemType.VALIDATION, field + ": " + reason);
            this.field = field;
            this.reason = reason;
        }

        public String field() {
            return field;
        }

        @Override
        public Problem toProblem() {
            return super.toProblem().withErrors(List.of(new Problem.FieldError(field, reason)));
        }
    }

    /**
     * Decodes uploaded bytes as UTF-8, refusing malformed sequences (never replacing them) and dropping a leading byte
     * order mark.
     */
    public static String decode(byte[] bytes, String field) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new Refused(field, "is not valid UTF-8; save the file as UTF-8 and upload it again");
        }
    }

    /** Splits off and reads the front matter; {@code field} names the document in refusals. */
    public static Document parse(String text, String field) {
        String source = text.startsWith("\uFEFF") ? text.substring(1) : text;
        requireNoNul(field, source);
        Map<String, Object> front = Map.of();
        String body = source;
        Matcher opening = OPENING.matcher(source);
        if (opening.find()) {
            Matcher closing = CLOSING.matcher(source);
            if (!closing.find(opening.end())) {
                throw new Refused(field, "starts with a '---' line but its front matter never ends; close it with"
                        + " another '---' line (or start the document with something else)");
            }
            String yaml = source.substring(opening.end(), closing.start());
            if (yaml.length() > MAX_FRONT_MATTER) {
                throw new Refused(field, "front matter is " + yaml.length() + " characters; at most "
                        + MAX_FRONT_MATTER);
            }
            front = readYaml(yaml, field);
            body = source.substring(closing.end());
            Matcher blank = BLANK_LINE.matcher(body);
            if (blank.find()) {
                body = body.substring(blank.end());
            }
        }
        if (body.length() > PrdApi.MAX_CONTENT) {
            throw new Refused(field, "the Markdown is " + body.length() + " characters; at most "
                    + PrdApi.MAX_CONTENT);
        }
        for (String key : front.keySet()) {
            if (!FIELDS.contains(key) && !EXPORT_KEYS.contains(key)) {
                throw new Refused(frontMatter(key), "unknown front matter key; known keys are " + FIELDS
                        + " (and " + EXPORT_KEYS + ", written by the export and ignored); put your own fields"
                        + " under metadata");
            }
        }
        return new Document(body, string(front, "title"), string(front, "slug"), status(front),
                uuid(frontMatter("template_id"), front.get("template_id")), metadata(front), approvers(front));
    }

    /** The text of the first level-1 ATX heading ({@code # Title}) outside fenced code, or null. */
    public static String firstHeading(String markdown) {
        boolean fenced = false;
        String fence = null;
        for (String line : markdown.split("\\r?\\n", -1)) {
            Matcher f = FENCE.matcher(line);
            if (f.find()) {
                if (!fenced) {
                    fenced = true;
                    fence = f.group(1);
                } else if (f.group(1).equals(fence)) {
                    fenced = false;
                }
                continue;
            }
            if (!fenced) {
                Matcher h = H1.matcher(line);
                if (h.matches() && !h.group(1).isBlank()) {
                    return h.group(1).trim();
                }
            }
        }
        return null;
    }

    /** A file name without its directory and extension, for a title of last resort; null when nothing is left. */
    public static String titleFromFilename(String filename) {
        if (filename == null) {
            return null;
        }
        String name = filename.replaceAll("^.*[/\\\\]", "").replaceAll("\\.[A-Za-z0-9]{1,10}$", "").trim();
        return name.isEmpty() ? null : name;
    }

    /** Refuses a NUL character (U+0000): PostgreSQL text cannot hold it. */
    public static void requireNoNul(String field, String value) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new Refused(field, "contains a NUL character (U+0000), which text cannot hold");
        }
    }

    /** A UUID given as text (a form field or a front matter value), or null. */
    public static UUID uuid(String field, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new Refused(field, "must be a UUID string, not " + kind(value));
        }
        try {
            return UUID.fromString(s.trim());
        } catch (IllegalArgumentException e) {
            throw new Refused(field, "must be a UUID");
        }
    }

    private static Map<String, Object> readYaml(String yaml, String field) {
        LoadSettings settings = LoadSettings.builder()
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(20)
                .setCodePointLimit(MAX_FRONT_MATTER + 16)
                .setLabel("front matter")
                .build();
        Object loaded;
        try {
            loaded = new Load(settings).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new Refused(field, "front matter is not valid YAML: " + firstLine(e.getMessage()));
        }
        if (loaded == null) {
            return Map.of();
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new Refused(field, "front matter must be a mapping of keys to values, not " + kind(loaded));
        }
        Map<String, Object> front = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new Refused(field, "front matter keys must be strings, not " + kind(e.getKey()));
            }
            requireNoNul(frontMatter(key), key);
            front.put(key, e.getValue());
        }
        return front;
    }

    private static String string(Map<String, Object> front, String key) {
        Object value = front.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new Refused(frontMatter(key), "must be a string, not " + kind(value) + " (quote it)");
        }
        requireNoNul(frontMatter(key), s);
        return s;
    }

    private static String status(Map<String, Object> front) {
        String status = string(front, "status");
        if (status != null && !PrdStatus.DRAFT.wire().equals(status)) {
            throw new Refused(frontMatter("status"), "a new PRD starts as draft; import it, then move it on with"
                    + " POST /api/v1/prds/{prdId}/status");
        }
        return status;
    }

    private static List<UUID> approvers(Map<String, Object> front) {
        Object value = front.get("approver_ids");
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new Refused(frontMatter("approver_ids"), "must be a list of user ids, not " + kind(value));
        }
        List<UUID> ids = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            UUID id = uuid(frontMatter("approver_ids") + "[" + i + "]", list.get(i));
            if (id == null) {
                throw new Refused(frontMatter("approver_ids") + "[" + i + "]", "must be a user id, not null");
            }
            ids.add(id);
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> front) {
        Object value = front.get("metadata");
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new Refused(frontMatter("metadata"), "must be a mapping, not " + kind(value));
        }
        return (Map<String, Object>) json(frontMatter("metadata"), value);
    }

    /** A YAML value as the JSON value it stands for; YAML-only kinds (binary, sets, NaN) are refused. */
    private static Object json(String path, Object value) {
        if (value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof String s) {
            requireNoNul(path, s);
            return s;
        }
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new Refused(path, "must be a finite number (JSON has no NaN or infinity)");
            }
            return d;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(json(path + "[" + i + "]", list.get(i)));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new Refused(path, "keys must be strings, not " + kind(e.getKey()));
                }
                requireNoNul(path, key);
                out.put(key, json(path + "." + key, e.getValue()));
            }
            return out;
        }
        throw new Refused(path, "must be a string, number, boolean, null, list or mapping, not " + kind(value));
    }

    private static String frontMatter(String key) {
        return "frontMatter." + key;
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof Set<?>) {
            return "a set";
        }
        if (value instanceof byte[]) {
            return "binary data";
        }
        return "a " + value.getClass().getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.strip().split("\\R", 2)[0];
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
