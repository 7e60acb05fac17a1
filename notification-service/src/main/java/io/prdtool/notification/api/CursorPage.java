package io.prdtool.notification.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.ToLongFunction;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.prdtool.shared.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of a keyset-paginated list, newest first; {@code nextCursor} is present when more items follow (pass it
 * as {@code cursor}). Cursors are opaque.
 */
@RegisterForReflection
@Schema(description = "One page of results; nextCursor is absent on the last page")
public record CursorPage<T>(List<T> items, Integer limit, String nextCursor) {

    public static final int MAX_LIMIT = 100;

    /** Builds a page from {@code limit + 1} fetched rows: the extra row only says that another page exists. */
    public static <T> CursorPage<T> of(List<T> fetched, int limit, ToLongFunction<T> key) {
        boolean more = fetched.size() > limit;
        List<T> items = more ? List.copyOf(fetched.subList(0, limit)) : fetched;
        return new CursorPage<>(items, limit, more ? encode(key.applyAsLong(items.get(items.size() - 1))) : null);
    }

    public static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static String encode(long key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k:" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key a cursor stands for, or null for none; a cursor that is not one of ours is a 400. */
    public static Long decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!s.startsWith("k:")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(s.substring(2));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor is not valid; use the nextCursor of a previous page");
        }
    }
}
