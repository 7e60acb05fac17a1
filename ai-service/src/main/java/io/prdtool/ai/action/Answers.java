package io.prdtool.ai.action;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.ai.provider.ProviderException;
import io.prdtool.ai.text.TextAnchor;

/**
 * Turns a model's answer into what an action produces, or refuses it ({@link ProviderException#INVALID_OUTPUT}):
 * JSON is parsed and checked field by field against the shape the prompt asked for, text is stripped of wrappers
 * models like to add, Mermaid is checked for a known diagram type and stripped of nothing: a diagram with click
 * directives, links or HTML is refused. Nothing a model says is executed or applied here; suggestions wait for a
 * user's accept.
 */
public final class Answers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FENCE = Pattern.compile("^\\s*```[A-Za-z0-9_-]*\\s*\\n(.*?)\\n?```\\s*$",
            Pattern.DOTALL);
    private static final Pattern MERMAID_BLOCK = Pattern.compile("```mermaid\\s*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("(?m)^(#{1,6})[ \\t]+(.+?)[ \\t]*#*[ \\t]*$");
    private static final Set<String> MERMAID_TYPES = Set.of("flowchart", "graph", "sequenceDiagram", "classDiagram",
            "stateDiagram", "stateDiagram-v2", "erDiagram", "journey", "gantt", "pie", "mindmap", "timeline");
    private static final Pattern MERMAID_UNSAFE = Pattern.compile(
            "(?im)^\\s*click\\s|javascript:|<\\s*script|<\\s*iframe|%%\\{|\\bhref\\b|<\\s*a\\s");

    /** A change proposed to the document: replace the anchored text by {@code text}; no anchor = append at the end. */
    public record Proposal(String type, TextAnchor anchor, String text, ObjectNode metadata) {
    }

    /** What an answer became: proposals to store as suggestions, and/or a result for the caller. */
    public record Outcome(List<Proposal> proposals, JsonNode result) {
    }

    private Answers() {
    }

    /**
     * @param action    the action that asked
     * @param answer    the model's whole answer
     * @param document  the text the prompt was built from (anchors refer to it); null for actions without one
     * @param selection the selection's anchor (selection actions), else null
     * @param section   draft_section's section title, else null
     */
    public static Outcome parse(Action action, String answer, String document, TextAnchor selection, String section) {
        String body = unfence(answer == null ? "" : answer.strip());
        if (body.isEmpty()) {
            throw invalid("the answer is empty");
        }
        return switch (action) {
            case IMPROVE, EXPAND -> single(action, selection, body);
            case SHORTEN -> {
                if (body.length() >= selection.exact().length()) {
                    throw invalid("the answer is not shorter than the selection");
                }
                yield single(action, selection, body);
            }
            case DRAFT_SECTION -> draftSection(document, section, body);
            case USER_STORIES -> userStories(document, json(body));
            case SUCCESS_METRICS -> successMetrics(document, json(body));
            case DIAGRAM -> diagram(answer, selection);
            case CHANGELOG -> changelog(body);
            case BACKLOG -> backlog(json(body));
            case CRITIQUE -> critique(document, json(body));
            case TEST_CONNECTION -> new Outcome(List.of(), JsonNodeFactory.instance.objectNode().put("reply",
                    body.length() > 200 ? body.substring(0, 200) : body));
        };
    }

    private static Outcome single(Action action, TextAnchor selection, String text) {
        return new Outcome(List.of(new Proposal(action.wire(), selection, text, meta("title", title(action)))),
                null);
    }

    private static Outcome draftSection(String document, String section, String body) {
        String text = stripLeadingHeading(body, section);
        if (text.isBlank()) {
            throw invalid("the drafted section is empty");
        }
        return new Outcome(List.of(underHeading("draft_section", document, List.of(section), section, text,
                meta("title", "Draft of " + section).put("section", section))), null);
    }

    private static Outcome userStories(String document, JsonNode json) {
        JsonNode stories = array(json, "stories", 1, 12);
        StringBuilder md = new StringBuilder();
        int n = 0;
        for (JsonNode s : stories) {
            n++;
            String title = optionalText(s, "title", 200);
            md.append("### ").append(title == null ? "Story " + n : title).append("\n\n");
            md.append("As a ").append(text(s, "asA", 300)).append(", I want ").append(text(s, "iWant", 500))
                    .append(" so that ").append(text(s, "soThat", 500)).append(".\n\n**Acceptance criteria**\n\n");
            for (JsonNode c : array(s, "acceptanceCriteria", 1, 6)) {
                md.append("- Given ").append(text(c, "given", 500)).append(", when ").append(text(c, "when", 500))
                        .append(", then ").append(text(c, "then", 500)).append(".\n");
            }
            md.append('\n');
        }
        return new Outcome(List.of(underHeading("user_stories", document,
                List.of("user stories", "stories", "users and stories", "use cases"), "User stories",
                md.toString().stripTrailing(), meta("title", stories.size() + " user stories"))), null);
    }

    private static Outcome successMetrics(String document, JsonNode json) {
        JsonNode metrics = array(json, "metrics", 1, 10);
        StringBuilder md = new StringBuilder("| Metric | Baseline | Target | Timeframe | Measured by |\n"
                + "| --- | --- | --- | --- | --- |\n");
        for (JsonNode m : metrics) {
            md.append("| ").append(cell(text(m, "name", 200))).append(" | ").append(cell(text(m, "baseline", 200)))
                    .append(" | ").append(cell(text(m, "target", 200))).append(" | ")
                    .append(cell(text(m, "timeframe", 200))).append(" | ")
                    .append(cell(text(m, "measurement", 300))).append(" |\n");
        }
        return new Outcome(List.of(underHeading("success_metrics", document,
                List.of("success metrics", "metrics", "kpis", "success criteria", "measuring success"),
                "Success metrics", md.toString().stripTrailing(),
                meta("title", metrics.size() + " success metrics"))), null);
    }

    private static Outcome diagram(String answer, TextAnchor selection) {
        Matcher block = MERMAID_BLOCK.matcher(answer);
        String source = block.find() ? block.group(1).strip() : unfence(answer.strip()).strip();
        String firstWord = source.isEmpty() ? "" : source.split("\\s+", 2)[0];
        if (!MERMAID_TYPES.contains(firstWord)) {
            throw invalid("the answer is not a Mermaid diagram");
        }
        if (MERMAID_UNSAFE.matcher(source).find()) {
            throw invalid("the diagram contains click directives, links, HTML or init directives");
        }
        if (source.length() > 20_000) {
            throw invalid("the diagram is too large");
        }
        String fenced = "```mermaid\n" + source + "\n```";
        ObjectNode meta = meta("title", "Mermaid diagram");
        if (selection != null) {
            return new Outcome(List.of(new Proposal("diagram", selection, selection.exact() + "\n\n" + fenced,
                    meta)), null);
        }
        return new Outcome(List.of(new Proposal("diagram", null, "\n\n" + fenced + "\n", meta)), null);
    }

    private static Outcome changelog(String body) {
        if (body.length() > 10_000) {
            throw invalid("the changelog is longer than 10,000 characters");
        }
        return new Outcome(List.of(), JsonNodeFactory.instance.objectNode().put("changelog", body));
    }

    private static Outcome backlog(JsonNode json) {
        JsonNode epic = json.get("epic");
        if (epic == null || !epic.isObject()) {
            throw invalid("the backlog has no epic");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putObject("epic").put("title", text(epic, "title", 120)).put("description",
                text(epic, "description", 10_000));
        ArrayNode stories = out.putArray("stories");
        for (JsonNode s : array(json, "stories", 1, 30)) {
            ObjectNode story = stories.addObject();
            story.put("title", text(s, "title", 120));
            story.put("description", text(s, "description", 10_000));
            ArrayNode criteria = story.putArray("acceptanceCriteria");
            JsonNode given = s.get("acceptanceCriteria");
            if (given != null && !given.isNull()) {
                if (!given.isArray() || given.size() > 20) {
                    throw invalid("acceptanceCriteria must be a list of at most 20 texts");
                }
                for (JsonNode c : given) {
                    if (!c.isTextual() || c.asText().isBlank() || c.asText().length() > 1000) {
                        throw invalid("every acceptance criterion must be a non-empty text");
                    }
                    criteria.add(c.asText().strip());
                }
            }
            String priority = optionalText(s, "priority", 10);
            if (priority != null && !Set.of("high", "medium", "low").contains(priority.toLowerCase(Locale.ROOT))) {
                throw invalid("priority must be high, medium or low");
            }
            story.put("priority", priority == null ? "medium" : priority.toLowerCase(Locale.ROOT));
            JsonNode estimate = s.get("estimate");
            if (estimate == null || estimate.isNull()) {
                story.putNull("estimate");
            } else if (estimate.isNumber() && estimate.asDouble() >= 0 && estimate.asDouble() <= 100) {
                story.put("estimate", estimate.asDouble());
            } else {
                throw invalid("estimate must be a number of story points between 0 and 100, or null");
            }
        }
        return new Outcome(List.of(), out);
    }

    private static Outcome critique(String document, JsonNode json) {
        JsonNode findings = json.get("findings");
        if (findings == null || !findings.isArray()) {
            throw invalid("the critique has no findings list");
        }
        List<Proposal> proposals = new ArrayList<>();
        for (JsonNode f : findings) {
            if (proposals.size() >= 15) {
                break;
            }
            String quote = optionalText(f, "quote", 2000);
            String message = optionalText(f, "message", 2000);
            if (quote == null || message == null) {
                continue; // a finding we cannot anchor or explain is dropped, not guessed
            }
            int at = document.indexOf(quote);
            if (at < 0) {
                continue; // the model paraphrased instead of quoting
            }
            String severity = optionalText(f, "severity", 20);
            severity = severity != null && Set.of("critical", "warning", "info").contains(severity)
                    ? severity
                    : "warning";
            String suggestion = optionalText(f, "suggestion", 5000);
            ObjectNode meta = meta("rule", "llm").put("dimension", optionalTextOr(f, "dimension", "general"))
                    .put("severity", severity).put("message", message);
            proposals.add(new Proposal("critique", TextAnchor.of(document, at, at + quote.length()), suggestion,
                    meta));
        }
        return new Outcome(proposals, null);
    }

    /**
     * Places {@code body} under the first heading whose title matches one of {@code titles} (the proposal replaces
     * that heading line by itself followed by the body), or appends a new section {@code newTitle} at the end.
     */
    static Proposal underHeading(String type, String document, List<String> titles, String newTitle, String body,
            ObjectNode meta) {
        if (document != null) {
            Matcher m = HEADING.matcher(document);
            while (m.find()) {
                String title = m.group(2).strip().toLowerCase(Locale.ROOT);
                for (String wanted : titles) {
                    if (title.equals(wanted.strip().toLowerCase(Locale.ROOT))) {
                        String line = m.group(0);
                        return new Proposal(type, TextAnchor.of(document, m.start(), m.end()),
                                line + "\n\n" + body, meta);
                    }
                }
            }
        }
        String prefix = document == null || document.isEmpty() ? "" : document.endsWith("\n") ? "\n" : "\n\n";
        return new Proposal(type, null, prefix + "## " + newTitle + "\n\n" + body + "\n", meta);
    }

    static String unfence(String text) {
        Matcher m = FENCE.matcher(text);
        return m.matches() ? m.group(1).strip() : text;
    }

    private static String stripLeadingHeading(String body, String section) {
        String[] lines = body.split("\n", 2);
        if (lines[0].startsWith("#")
                && lines[0].replaceFirst("^#+\\s*", "").strip().equalsIgnoreCase(section.strip())) {
            return lines.length > 1 ? lines[1].strip() : "";
        }
        return body;
    }

    private static JsonNode json(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw invalid("the answer is not a JSON object");
            }
            return node;
        } catch (ProviderException e) {
            throw e;
        } catch (Exception e) {
            throw invalid("the answer is not valid JSON");
        }
    }

    private static JsonNode array(JsonNode parent, String field, int min, int max) {
        JsonNode a = parent.get(field);
        if (a == null || !a.isArray() || a.size() < min || a.size() > max) {
            throw invalid(field + " must be a list of " + min + " to " + max + " items");
        }
        for (JsonNode item : a) {
            if (!item.isObject()) {
                throw invalid("every item of " + field + " must be an object");
            }
        }
        return a;
    }

    private static String text(JsonNode node, String field, int max) {
        String s = optionalText(node, field, max);
        if (s == null) {
            throw invalid(field + " is missing or empty");
        }
        return s;
    }

    private static String optionalText(JsonNode node, String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(field + " must be text");
        }
        String s = v.asText().strip();
        if (s.isEmpty()) {
            return null;
        }
        if (s.length() > max) {
            throw invalid(field + " is longer than " + max + " characters");
        }
        return s;
    }

    private static String optionalTextOr(JsonNode node, String field, String fallback) {
        String s = optionalText(node, field, 64);
        return s == null ? fallback : s;
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace('\n', ' ');
    }

    private static ObjectNode meta(String key, String value) {
        return JsonNodeFactory.instance.objectNode().put(key, value);
    }

    private static String title(Action action) {
        return switch (action) {
            case IMPROVE -> "Improved wording";
            case SHORTEN -> "Shorter wording";
            case EXPAND -> "Expanded passage";
            default -> action.wire();
        };
    }

    private static ProviderException invalid(String why) {
        return new ProviderException(ProviderException.INVALID_OUTPUT, "the AI provider's answer is unusable: " + why);
    }
}
