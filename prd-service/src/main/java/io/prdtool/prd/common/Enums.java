package io.prdtool.prd.common;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;

/** Parses wire values of closed sets, answering 400 with the accepted values instead of a 500 or a silent default. */
public final class Enums {

    private Enums() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String value, String field, Function<E, String> wire) {
        if (value != null) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (wire.apply(e).equals(v)) {
                    return e;
                }
            }
        }
        List<String> allowed = Arrays.stream(type.getEnumConstants()).map(wire).toList();
        throw new ProblemException(ProblemType.VALIDATION,
                field + " must be one of " + allowed + ", not '" + value + "'", allowed);
    }
}
