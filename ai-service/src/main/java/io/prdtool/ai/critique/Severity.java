package io.prdtool.ai.critique;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How much a finding matters; declared from most to least severe. On the wire: lowercase. */
public enum Severity {

    CRITICAL, WARNING, INFO;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity fromWire(String wire) {
        for (Severity s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + wire + "' (critical, warning or info)");
    }

    /** The more severe of the two. */
    static Severity max(Severity a, Severity b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}
