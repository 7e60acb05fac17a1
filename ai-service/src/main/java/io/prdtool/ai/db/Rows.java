package io.prdtool.ai.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.mutiny.sqlclient.Row;

/** What every repository of ai-service reads from rows the same way, and the one content hash it uses. */
public final class Rows {

    private Rows() {
    }

    /** A timestamp column as an instant, or null. */
    public static Instant instant(Row row, String column) {
        var t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    /** A JSON column read as text ({@code column::text}), or null. */
    public static JsonNode json(ObjectMapper mapper, String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    /** SHA-256 of the UTF-8 text, hex: how content, prompts and finding keys are identified. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
