package io.prdtool.ai.critique;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the {@link RubricReviewer} checks and how much each dimension weighs: the built-in defaults, optionally
 * adjusted by an organisation. Immutable and thread-safe; the phrase indexes the reviewer needs are built once here.
 *
 * <h2>Adjustments ({@link #fromJson}), every field optional</h2>
 *
 * <pre>
 * {
 *   "dimensions":         { "&lt;dimension id&gt;": { "enabled": true|false, "weight": 0..10 } },
 *   "ambiguousTerms":     { "add": ["snappy", ...], "remove": ["some", ...] },
 *   "sectionSynonyms":    { "&lt;dimension id&gt;": ["Why we are doing this", ...] },
 *   "maxFindingsPerRule": 1..100,
 *   "rfc2119":            "auto" | "always" | "never"
 * }
 * </pre>
 * <ul>
 * <li>A disabled dimension yields neither findings nor a score; weight 0 keeps its findings and score but leaves it
 * out of the overall score. At least one dimension must stay enabled with a weight above 0.</li>
 * <li>{@code ambiguousTerms}: at most {@value #MAX_TERMS} per list, each at most {@value #MAX_TERM_LENGTH} chars with a
 * letter or digit; matched case-insensitively as whole words. Added terms are reported by rule
 * {@code ambiguous-term}; removing a term that is not in the lexicon is a no-op (so stored adjustments survive a
 * lexicon change); a term in both lists is an error.</li>
 * <li>{@code sectionSynonyms} add heading phrases to the built-in ones of a sectioned dimension (not
 * {@code ambiguity}, {@code completeness}, {@code template_sections}); at most {@value #MAX_SYNONYMS} in all.</li>
 * <li>{@code rfc2119}: whether capitalised SHOULD/MAY in requirements are RFC 2119 keywords rather than weak modals:
 * {@code auto} when the document cites RFC 2119, RFC 8174 or BCP 14.</li>
 * </ul>
 * Anything else (unknown field, wrong type, value out of range) is rejected with an {@link IllegalArgumentException}
 * whose message starts with the path of the bad field, e.g. {@code "dimensions.nfr.weight: must be an integer from 0
 * to 10, got 11"}.
 */
public final class Rubric {

    enum Rfc2119 {
        AUTO, ALWAYS, NEVER
    }

    static final int MAX_TERMS = 200;
    static final int MAX_TERM_LENGTH = 64;
    static final int MAX_SYNONYMS = 200;
    static final int MAX_WEIGHT = 10;
    static final int MAX_FINDINGS_LIMIT = 100;

    private static final List<String> TOP_FIELDS = List.of("dimensions", "ambiguousTerms", "sectionSynonyms",
            "maxFindingsPerRule", "rfc2119");

    private static final Rubric DEFAULTS = new Rubric(defaultEnabled(), defaultWeights(), defaultSynonyms(),
            defaultTerms(), RubricDefaults.MAX_FINDINGS_PER_RULE, Rfc2119.AUTO);

    private final Map<Dimension, Boolean> enabled;
    private final Map<Dimension, Integer> weights;
    private final int maxFindingsPerRule;
    private final Rfc2119 rfc2119;
    private final PhraseIndex<TermCategory> lexicon;
    private final PhraseIndex<Dimension> headingPhrases;
    private final ObjectNode json;
    private final String version;

    private Rubric(Map<Dimension, Boolean> enabled, Map<Dimension, Integer> weights,
            Map<Dimension, TreeSet<String>> synonyms, SortedMap<String, TermCategory> terms, int maxFindingsPerRule,
            Rfc2119 rfc2119) {
        this.enabled = new EnumMap<>(enabled);
        this.weights = new EnumMap<>(weights);
        this.maxFindingsPerRule = maxFindingsPerRule;
        this.rfc2119 = rfc2119;
        this.lexicon = new PhraseIndex<>(terms);
        Map<String, Dimension> phrases = new TreeMap<>();
        // one phrase may name only one dimension; the earlier dimension keeps it
        synonyms.forEach((d, list) -> list.forEach(s -> phrases.putIfAbsent(s, d)));
        this.headingPhrases = new PhraseIndex<>(phrases);
        this.json = toJson(synonyms, terms);
        this.version = "r" + RubricReviewer.RULES_VERSION + "-" + sha256(json.toString()).substring(0, 8);
    }

    /** The built-in rubric. */
    public static Rubric defaults() {
        return DEFAULTS;
    }

    /**
     * The defaults with an organisation's adjustments applied (shape in the class javadoc). {@code null} or JSON
     * {@code null} means no adjustments.
     *
     * @throws IllegalArgumentException naming the bad field when the adjustments are invalid
     */
    public static Rubric fromJson(JsonNode adjustments) {
        if (adjustments == null || adjustments.isNull() || adjustments.isMissingNode()) {
            return DEFAULTS;
        }
        if (!adjustments.isObject()) {
            throw bad("rubric", "must be a JSON object");
        }
        onlyFields(adjustments, "rubric", TOP_FIELDS);
        Map<Dimension, Boolean> enabled = defaultEnabled();
        Map<Dimension, Integer> weights = defaultWeights();
        applyDimensions(adjustments.get("dimensions"), enabled, weights);
        SortedMap<String, TermCategory> terms = defaultTerms();
        applyTerms(adjustments.get("ambiguousTerms"), terms);
        Map<Dimension, TreeSet<String>> synonyms = defaultSynonyms();
        applySynonyms(adjustments.get("sectionSynonyms"), synonyms);
        int maxFindings = RubricDefaults.MAX_FINDINGS_PER_RULE;
        JsonNode max = adjustments.get("maxFindingsPerRule");
        if (max != null) {
            maxFindings = intIn(max, "maxFindingsPerRule", 1, MAX_FINDINGS_LIMIT);
        }
        Rfc2119 rfc = Rfc2119.AUTO;
        JsonNode mode = adjustments.get("rfc2119");
        if (mode != null) {
            rfc = Arrays.stream(Rfc2119.values())
                    .filter(m -> mode.isTextual() && m.name().toLowerCase(Locale.ROOT).equals(mode.textValue()))
                    .findFirst()
                    .orElseThrow(() -> bad("rfc2119", "must be \"auto\", \"always\" or \"never\", got " + mode));
        }
        if (Arrays.stream(Dimension.values()).noneMatch(d -> enabled.get(d) && weights.get(d) > 0)) {
            throw bad("dimensions", "at least one dimension must be enabled with a weight above 0");
        }
        return new Rubric(enabled, weights, synonyms, terms, maxFindings, rfc);
    }

    /**
     * The effective rubric (defaults plus adjustments), for reading: {@code version}, {@code rulesVersion}, every
     * dimension with {@code enabled}, {@code weight} and (when sectioned) its {@code sectionSynonyms}, the
     * {@code ambiguousTerms} by category, {@code maxFindingsPerRule} and {@code rfc2119}. Lists are sorted. This is
     * not the adjustments shape: store the adjustments, show this.
     */
    public JsonNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("version", version);
        out.setAll(json.deepCopy());
        return out;
    }

    /**
     * {@code r<rules version>-<8 hex of SHA-256 of the effective rubric>}: equal for equal effective rubrics, however
     * the adjustments were written, and changed by any change to the reviewer's rules.
     */
    public String version() {
        return version;
    }

    boolean enabled(Dimension d) {
        return enabled.get(d);
    }

    int weight(Dimension d) {
        return weights.get(d);
    }

    int maxFindingsPerRule() {
        return maxFindingsPerRule;
    }

    Rfc2119 rfc2119() {
        return rfc2119;
    }

    PhraseIndex<TermCategory> lexicon() {
        return lexicon;
    }

    /**
     * The dimensions a heading names (bits of {@link Dimension#bit()}): every synonym found in its words, except one
     * lying inside a longer synonym found there ("requirements" inside "non-functional requirements").
     */
    int dimensionsNamedBy(List<String> headingWords) {
        List<int[]> found = new ArrayList<>(); // {from, to, dimension ordinal}
        for (int i = 0; i < headingWords.size(); i++) {
            for (PhraseIndex.Phrase<Dimension> p : headingPhrases.startingWith(headingWords.get(i))) {
                int to = i + p.words().length;
                if (to <= headingWords.size() && headingWords.subList(i, to).equals(Arrays.asList(p.words()))) {
                    found.add(new int[]{i, to, p.value().ordinal()});
                }
            }
        }
        int dims = 0;
        for (int[] m : found) {
            boolean covered = found.stream()
                    .anyMatch(o -> o[1] - o[0] > m[1] - m[0] && o[0] <= m[0] && m[1] <= o[1]);
            if (!covered) {
                dims |= 1 << m[2];
            }
        }
        return dims;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rubric other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "Rubric " + version;
    }

    private ObjectNode toJson(Map<Dimension, TreeSet<String>> synonyms, SortedMap<String, TermCategory> terms) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("rulesVersion", RubricReviewer.RULES_VERSION);
        ObjectNode dims = root.putObject("dimensions");
        for (Dimension d : Dimension.values()) {
            ObjectNode node = dims.putObject(d.id());
            node.put("enabled", enabled.get(d));
            node.put("weight", weights.get(d));
            if (d.sectioned()) {
                ArrayNode list = node.putArray("sectionSynonyms");
                synonyms.get(d).forEach(list::add);
            }
        }
        ObjectNode byCategory = root.putObject("ambiguousTerms");
        for (TermCategory c : TermCategory.values()) {
            ArrayNode list = byCategory.putArray(c.id);
            terms.forEach((term, category) -> {
                if (category == c) {
                    list.add(term);
                }
            });
        }
        root.put("maxFindingsPerRule", maxFindingsPerRule);
        root.put("rfc2119", rfc2119.name().toLowerCase(Locale.ROOT));
        return root;
    }

    private static void applyDimensions(JsonNode dims, Map<Dimension, Boolean> enabled,
            Map<Dimension, Integer> weights) {
        if (dims == null) {
            return;
        }
        if (!dims.isObject()) {
            throw bad("dimensions", "must be an object keyed by dimension id");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = dims.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "dimensions." + e.getKey();
            Dimension d = dimension(e.getKey(), path);
            JsonNode value = e.getValue();
            if (!value.isObject()) {
                throw bad(path, "must be an object with \"enabled\" and/or \"weight\"");
            }
            onlyFields(value, path, List.of("enabled", "weight"));
            JsonNode on = value.get("enabled");
            if (on != null) {
                if (!on.isBoolean()) {
                    throw bad(path + ".enabled", "must be true or false, got " + on);
                }
                enabled.put(d, on.booleanValue());
            }
            JsonNode weight = value.get("weight");
            if (weight != null) {
                weights.put(d, intIn(weight, path + ".weight", 0, MAX_WEIGHT));
            }
        }
    }

    private static void applyTerms(JsonNode node, SortedMap<String, TermCategory> terms) {
        if (node == null) {
            return;
        }
        if (!node.isObject()) {
            throw bad("ambiguousTerms", "must be an object with \"add\" and/or \"remove\"");
        }
        onlyFields(node, "ambiguousTerms", List.of("add", "remove"));
        List<String> add = phrases(node.get("add"), "ambiguousTerms.add", MAX_TERMS);
        List<String> remove = phrases(node.get("remove"), "ambiguousTerms.remove", MAX_TERMS);
        for (int i = 0; i < add.size(); i++) {
            if (remove.contains(add.get(i))) {
                throw bad("ambiguousTerms.add[" + i + "]", "'" + add.get(i) + "' is also in ambiguousTerms.remove");
            }
        }
        remove.forEach(terms::remove);
        add.forEach(t -> terms.putIfAbsent(t, TermCategory.CUSTOM));
    }

    private static void applySynonyms(JsonNode node, Map<Dimension, TreeSet<String>> synonyms) {
        if (node == null) {
            return;
        }
        if (!node.isObject()) {
            throw bad("sectionSynonyms", "must be an object keyed by dimension id");
        }
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "sectionSynonyms." + e.getKey();
            Dimension d = dimension(e.getKey(), path);
            if (!d.sectioned()) {
                throw bad(path, "'" + d.id() + "' is not found by a section heading, so it has no synonyms");
            }
            List<String> list = phrases(e.getValue(), path, MAX_SYNONYMS);
            total += list.size();
            if (total > MAX_SYNONYMS) {
                throw bad("sectionSynonyms", "at most " + MAX_SYNONYMS + " synonyms in all");
            }
            synonyms.get(d).addAll(list);
        }
    }

    /** A JSON array of phrases, validated and normalised (trimmed, lowercase, single spaces). */
    private static List<String> phrases(JsonNode node, String path, int max) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw bad(path, "must be an array of strings");
        }
        if (node.size() > max) {
            throw bad(path, "at most " + max + " entries, got " + node.size());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String itemPath = path + "[" + i + "]";
            if (!item.isTextual()) {
                throw bad(itemPath, "must be a string, got " + item);
            }
            String term = normalise(item.textValue());
            if (term.isEmpty()) {
                throw bad(itemPath, "must not be empty");
            }
            if (term.length() > MAX_TERM_LENGTH) {
                throw bad(itemPath, "at most " + MAX_TERM_LENGTH + " characters, got " + term.length());
            }
            if (Words.of(term).isEmpty()) {
                throw bad(itemPath, "'" + term + "' must contain a letter or digit");
            }
            if (!out.contains(term)) {
                out.add(term);
            }
        }
        return out;
    }

    static String normalise(String phrase) {
        return String.join(" ", phrase.strip().split("\\s+")).toLowerCase(Locale.ROOT);
    }

    private static Dimension dimension(String id, String path) {
        return Dimension.fromId(id)
                .orElseThrow(() -> bad(path, "unknown dimension '" + id + "'; known: "
                        + Arrays.stream(Dimension.values()).map(Dimension::id).collect(Collectors.joining(", "))));
    }

    private static int intIn(JsonNode node, String path, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw bad(path, "must be an integer from " + min + " to " + max + ", got " + node);
        }
        return node.intValue();
    }

    private static void onlyFields(JsonNode node, String path, List<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw bad(path, "unknown field '" + name + "'; allowed: " + String.join(", ", allowed));
            }
        }
    }

    private static IllegalArgumentException bad(String path, String problem) {
        return new IllegalArgumentException(path + ": " + problem);
    }

    private static Map<Dimension, Boolean> defaultEnabled() {
        Map<Dimension, Boolean> m = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            m.put(d, true);
        }
        return m;
    }

    private static Map<Dimension, Integer> defaultWeights() {
        Map<Dimension, Integer> m = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            m.put(d, d.defaultWeight());
        }
        return m;
    }

    private static Map<Dimension, TreeSet<String>> defaultSynonyms() {
        Map<Dimension, TreeSet<String>> m = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            if (d.sectioned()) {
                m.put(d, new TreeSet<>(RubricDefaults.SECTION_SYNONYMS.getOrDefault(d, List.of())));
            }
        }
        return m;
    }

    private static SortedMap<String, TermCategory> defaultTerms() {
        SortedMap<String, TermCategory> m = new TreeMap<>();
        RubricDefaults.TERMS.forEach((category, list) -> list.forEach(t -> m.put(t, category)));
        return m;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
