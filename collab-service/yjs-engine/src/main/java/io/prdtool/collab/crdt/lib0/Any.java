package io.prdtool.collab.crdt.lib0;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The Java side of lib0's {@code any} values: {@code null}, {@link #UNDEFINED}, {@link Boolean},
 * {@link Long} (integers), {@link Double} (floats), {@link BigInteger} (JS bigint), {@link String},
 * {@code byte[]}, {@link List} and {@link Map} with string keys (insertion ordered).
 */
public final class Any {

    /** JavaScript's {@code undefined}, distinct from {@code null}. */
    public static final Object UNDEFINED = new Object() {

        @Override
        public String toString() {
            return "undefined";
        }
    };

    private Any() {
    }

    /**
     * JavaScript's {@code ===}: primitives compare by value, objects and arrays by identity. Yjs's
     * formatting clean-up relies on exactly this, so a Java equals would change which markers are
     * removed.
     */
    public static boolean strictEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof String || a instanceof Boolean || a instanceof BigInteger) {
            return a.equals(b);
        }
        if (a instanceof Number na && b instanceof Number nb && !(b instanceof BigInteger)) {
            return na.doubleValue() == nb.doubleValue();
        }
        return false;
    }

    /** Deep equality of {@code any} values (lib0's {@code equalFlat} for objects is one level of this). */
    public static boolean deepEquals(Object a, Object b) {
        if (strictEquals(a, b)) {
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!deepEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !deepEquals(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof byte[] ba && b instanceof byte[] bb) {
            return java.util.Arrays.equals(ba, bb);
        }
        return false;
    }
}
