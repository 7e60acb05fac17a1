package io.prdtool.integration.db;

import java.time.Instant;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.vertx.mutiny.sqlclient.Row;

/** Small conversions from reactive SQL rows. */
public final class Rows {

    private Rows() {
    }

    public static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    public static OffsetDateTime time(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, java.time.ZoneOffset.UTC);
    }

    /** A JSON column read as text ({@code col::text}); an empty object when null. */
    public static JsonNode json(ObjectMapper mapper, String text) {
        if (text == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON column", e);
        }
    }
}
