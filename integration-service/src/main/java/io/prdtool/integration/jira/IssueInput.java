package io.prdtool.integration.jira;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What to create or update: Jira's {@code fields} object and issue properties ({@code key → JSON value}, e.g.
 * {@code prdtool → {prdId, requirementId, version}}). Properties are provenance only: JQL cannot find them, labels
 * are the lookup key.
 */
public record IssueInput(ObjectNode fields, Map<String, JsonNode> properties) {

    public IssueInput {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public static IssueInput of(ObjectNode fields) {
        return new IssueInput(fields, Map.of());
    }

    /**
     * The usual fields of an issue we create: project, issue type, a one-line summary, a description (an ADF document
     * for Cloud, a wiki-markup string for Data Center; null: none), labels and, for a child of an epic on Cloud, the
     * parent's key (null: none; Data Center links to the epic through its Epic Link field instead).
     */
    public static ObjectNode fields(String projectKey, String issueTypeId, String summary, JsonNode description,
            List<String> labels, String parentKey) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.putObject("project").put("key", projectKey);
        fields.putObject("issuetype").put("id", issueTypeId);
        fields.put("summary", summary);
        if (description != null) {
            fields.set("description", description);
        }
        if (labels != null && !labels.isEmpty()) {
            ArrayNode array = fields.putArray("labels");
            labels.forEach(array::add);
        }
        if (parentKey != null) {
            fields.putObject("parent").put("key", parentKey);
        }
        return fields;
    }

    /** The request body: {@code {"fields":…, "properties":[{"key":…,"value":…}]}}. */
    ObjectNode toJson() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("fields", fields);
        if (!properties.isEmpty()) {
            ArrayNode array = body.putArray("properties");
            properties.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> array.addObject().put("key", e.getKey()).set("value", e.getValue()));
        }
        return body;
    }
}
