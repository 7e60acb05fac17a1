package io.prdtool.collab.crdt.lib0;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON matching JavaScript's {@code JSON.stringify}/{@code JSON.parse} for the values Yjs
 * stores as JSON strings (format attributes, embeds, legacy JSON content). Parsed values use the
 * {@link Any} mapping; numbers without fraction or exponent become {@link Long}.
 */
public final class Json {

    private Json() {
    }

    public static String stringify(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null || v == Any.UNDEFINED) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof BigInteger) {
            throw new IllegalArgumentException("a bigint cannot be written as JSON");
        } else if (v instanceof Number n) {
            sb.append(numberToString(n));
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object e = list.get(i);
                write(sb, e == Any.UNDEFINED ? null : e);
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() == Any.UNDEFINED) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof byte[] bytes) {
            // JSON.stringify(Uint8Array) yields an object keyed by index
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < bytes.length; i++) {
                m.put(Integer.toString(i), (long) (bytes[i] & 0xFF));
            }
            write(sb, m);
        } else {
            quote(sb, v.toString());
        }
    }

    public static String numberToString(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return "null";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e21) {
                return Long.toString((long) d);
            }
            String s = Double.toString(d);
            if (s.contains("E")) {
                // JS writes 1e-7 / 1.5e+22 where Java writes 1.0E-7 / 1.5E22
                String[] parts = s.split("E");
                String mant = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
                String exp = parts[1].startsWith("-") ? parts[1] : "+" + parts[1];
                return mant + "e" + exp;
            }
            return s;
        }
        return Long.toString(n.longValue());
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (Character.isSurrogate(c) && !validPair(s, i))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.i != text.length()) {
            throw new Lib0FormatException("trailing characters in JSON");
        }
        return v;
    }

    private static final class Parser {

        final String s;
        int i;

        Parser(String s) {
            this.s = s;
        }

        void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        Lib0FormatException err() {
            return new Lib0FormatException("invalid JSON at " + i);
        }

        Object value(int depth) {
            if (depth > 64) {
                throw err();
            }
            if (i >= s.length()) {
                throw err();
            }
            char c = s.charAt(i);
            switch (c) {
                case '{' : {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (i < s.length() && s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        ws();
                        m.put(k, value(depth + 1));
                        ws();
                        if (i < s.length() && s.charAt(i) == ',') {
                            i++;
                            continue;
                        }
                        expect('}');
                        return m;
                    }
                }
                case '[' : {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (i < s.length() && s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        ws();
                        l.add(value(depth + 1));
                        ws();
                        if (i < s.length() && s.charAt(i) == ',') {
                            i++;
                            continue;
                        }
                        expect(']');
                        return l;
                    }
                }
                case '"' :
                    return string();
                case 't' :
                    lit("true");
                    return Boolean.TRUE;
                case 'f' :
                    lit("false");
                    return Boolean.FALSE;
                case 'n' :
                    lit("null");
                    return null;
                default :
                    return number();
            }
        }

        void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw err();
            }
            i++;
        }

        void lit(String l) {
            if (!s.startsWith(l, i)) {
                throw err();
            }
            i += l.length();
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw err();
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        throw err();
                    }
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            if (i + 4 > s.length()) {
                                throw err();
                            }
                            try {
                                sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            } catch (NumberFormatException ex) {
                                throw err();
                            }
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        Object number() {
            int start = i;
            boolean integral = true;
            while (i < s.length()) {
                char c = s.charAt(i);
                if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
                    i++;
                } else if (c == '.' || c == 'e' || c == 'E') {
                    integral = false;
                    i++;
                } else {
                    break;
                }
            }
            String t = s.substring(start, i);
            if (t.isEmpty()) {
                throw err();
            }
            try {
                if (integral && t.length() < 16) {
                    return Long.parseLong(t);
                }
                return Double.parseDouble(t);
            } catch (NumberFormatException ex) {
                throw err();
            }
        }
    }
}
