package io.prdtool.collab.db;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Rows turned into columns, for statements that take a batch as parallel arrays
 * ({@code ... FROM unnest($1::uuid[], $2::text[]) AS r(prd, name)}): one statement however many rows.
 */
public final class Columns {

    private Columns() {
    }

    /** The values of one column, in row order: {@code Columns.of(sessions, CollabSession::id, String[]::new)}. */
    public static <R, C> C[] of(List<R> rows, Function<? super R, ? extends C> value, IntFunction<C[]> array) {
        C[] column = array.apply(rows.size());
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(rows.get(i));
        }
        return column;
    }
}
