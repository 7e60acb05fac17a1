package io.prdtool.shared.outbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keeps a record under the broker's size limit. A row change of a table with large text (a PRD's content) can exceed
 * it; a record the broker refuses would stop the relay for good. Such a payload keeps its shape, but every string
 * longer than {@link #LONG_STRING} characters becomes {@code {"truncated": true, "length": n, "sha256": "..."}},
 * which still proves what the value was.
 */
final class OversizedPayloads {

    static final int LONG_STRING = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private OversizedPayloads() {
    }

    /** {@code payload} itself if it fits in {@code maxBytes}, else its shrunk form (which may still not fit). */
    static byte[] fit(String payload, int maxBytes) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return bytes;
        }
        try {
            JsonNode tree = JSON.readTree(payload);
            return JSON.writeValueAsBytes(shrink(tree));
        } catch (JsonProcessingException e) {
            return bytes;
        }
    }

    private static JsonNode shrink(JsonNode node) {
        if (node.isTextual() && node.asText().length() > LONG_STRING) {
            String text = node.asText();
            ObjectNode summary = JSON.createObjectNode();
            summary.put("truncated", true);
            summary.put("length", text.length());
            summary.put("sha256", sha256(text));
            return summary;
        }
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(shrink(field.getValue()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, shrink(array.get(i)));
            }
        }
        return node;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
