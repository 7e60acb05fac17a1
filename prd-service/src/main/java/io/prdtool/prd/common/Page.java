package io.prdtool.prd.common;

import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of a list. {@code nextOffset} is present when more items follow; pass it as {@code offset} to read on.
 */
@RegisterForReflection
@Schema(description = "One page of results; nextOffset is absent on the last page")
public record Page<T>(List<T> items, int offset, int limit, Integer nextOffset) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** Builds a page from {@code limit + 1} fetched rows: the extra row only says that another page exists. */
    public static <E, T> Page<T> of(List<E> fetched, int offset, int limit, Function<E, T> mapper) {
        boolean more = fetched.size() > limit;
        List<T> items = fetched.stream().limit(limit).map(mapper).toList();
        return new Page<>(items, offset, limit, more ? offset + limit : null);
    }
}
