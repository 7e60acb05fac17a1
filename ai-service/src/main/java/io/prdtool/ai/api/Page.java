package io.prdtool.ai.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.prdtool.shared.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One page of a list; {@code nextOffset} is present when more items follow (pass it as {@code offset}). */
@RegisterForReflection
@Schema(description = "One page of results; nextOffset is absent on the last page")
public record Page<T>(List<T> items, int offset, int limit, Integer nextOffset) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** Builds a page from {@code limit + 1} fetched rows: the extra row only says that another page exists. */
    public static <T> Page<T> of(List<T> fetched, int offset, int limit) {
        boolean more = fetched.size() > limit;
        return new Page<>(more ? List.copyOf(fetched.subList(0, limit)) : fetched, offset, limit,
                more ? offset + limit : null);
    }

    public static void check(int offset, int limit) {
        if (offset < 0) {
            throw ProblemException.badRequest("offset must be 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
