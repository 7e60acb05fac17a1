package io.prdtool.integration.confluence;

import com.fasterxml.jackson.databind.JsonNode;

/** A content property of a page (provenance: {@code prdId}, {@code version}, {@code contentHash}). */
public record PageProperty(String id, String key, JsonNode value, int version) {
}
