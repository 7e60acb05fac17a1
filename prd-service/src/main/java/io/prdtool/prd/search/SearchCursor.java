package io.prdtool.prd.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import io.prdtool.shared.problem.ProblemException;

/**
 * The opaque {@code cursor} of a search page. Two kinds: an offset (the postgres engine pages by offset), or a keyset
 * position (the lucene engine: the last hit's score, update time and id, the sort of its results), so that the next
 * page starts right after the last hit even when documents were added or changed in between. A keyset position is
 * {@code rescored} when the last hit came from the lucene engine's proximity window (its best hits re-ranked, see
 * {@code LuceneSearchEngine}): its score is then the re-ranked one, and the next page continues in that window.
 */
public record SearchCursor(Integer offset, Float score, Long updatedMicros, UUID id, boolean rescored) {

    public static SearchCursor ofOffset(int offset) {
        return new SearchCursor(offset, null, null, null, false);
    }

    public static SearchCursor after(float score, long updatedMicros, UUID id) {
        return new SearchCursor(null, score, updatedMicros, id, false);
    }

    /** A position inside the re-ranked window of best hits. */
    public static SearchCursor afterRescored(float score, long updatedMicros, UUID id) {
        return new SearchCursor(null, score, updatedMicros, id, true);
    }

    public boolean isKeyset() {
        return offset == null;
    }

    public String encode() {
        String raw = isKeyset()
                ? (rescored ? "w:" : "k:") + Integer.toHexString(Float.floatToIntBits(score)) + ":" + updatedMicros
                        + ":" + id
                : "o:" + offset;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a cursor from the query string; anything that did not come from {@link #encode()} is a 400. */
    public static SearchCursor decode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", -1);
            if (parts.length == 2 && parts[0].equals("o")) {
                int offset = Integer.parseInt(parts[1]);
                if (offset >= 0) {
                    return ofOffset(offset);
                }
            } else if (parts.length == 4 && (parts[0].equals("k") || parts[0].equals("w"))) {
                float score = Float.intBitsToFloat(Integer.parseUnsignedInt(parts[1], 16));
                if (!Float.isNaN(score)) {
                    return new SearchCursor(null, score, Long.parseLong(parts[2]), UUID.fromString(parts[3]),
                            parts[0].equals("w"));
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the 400 below (bad base64, number or UUID)
        }
        throw ProblemException.badRequest("cursor is not a cursor this API returned; start again without it");
    }
}
