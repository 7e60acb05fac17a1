package io.prdtool.integration.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The request bodies of Jira Data Center's REST API v2 as {@code vendor-specs/jira-datacenter-v2-requests.schema.json}
 * describes them (hand-written from Atlassian's Data Center REST reference, which publishes no OpenAPI spec; see the
 * file's {@code $comment}): one JSON schema (draft-07) per operation, sharing the file's {@code definitions}.
 */
final class JiraDcSchema {

    private static final Map<String, Schema> OPERATIONS = load();

    private JiraDcSchema() {
    }

    /** The schema's complaints about {@code body} as the body of {@code operation}; empty when it conforms. */
    static List<String> violations(String operation, JsonNode body) {
        Schema schema = OPERATIONS.get(operation);
        if (schema == null) {
            throw new IllegalArgumentException("no schema for " + operation);
        }
        return schema.validate(body.toString(), InputFormat.JSON).stream().map(Error::toString).toList();
    }

    private static Map<String, Schema> load() {
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode root = json
                    .readTree(VendorStandIn.resource("/vendor-specs/jira-datacenter-v2-requests.schema.json"));
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
            Map<String, Schema> schemas = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> ops = root.get("operations").fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> op = ops.next();
                ObjectNode schema = ((ObjectNode) op.getValue()).deepCopy();
                schema.set("definitions", root.get("definitions"));
                schemas.put(op.getKey(), registry.getSchema(schema.toString(), InputFormat.JSON));
            }
            return Map.copyOf(schemas);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
