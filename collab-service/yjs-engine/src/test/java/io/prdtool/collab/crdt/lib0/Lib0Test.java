package io.prdtool.collab.crdt.lib0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class Lib0Test {

    private static byte[] any(Object v) {
        Lib0Writer w = new Lib0Writer();
        w.writeAny(v);
        return w.toByteArray();
    }

    private static int[] unsigned(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    @Test
    void numbersUseTheSmallestExactFormLikeLib0() {
        assertThat(unsigned(any(5L))).containsExactly(125, 5);
        assertThat(unsigned(any(-5L))).containsExactly(125, 0x45);
        assertThat(unsigned(any(1.5))).containsExactly(124, 0x3F, 0xC0, 0, 0);
        assertThat(any(0.1)[0] & 0xFF).isEqualTo(123);
        assertThat(any(3.0)).isEqualTo(any(3L));
        assertThat(unsigned(any(-0.0))).containsExactly(125, 0x40);
        assertThat(any((double) (1L << 40))[0] & 0xFF).as("2^40 is exact in float32").isEqualTo(124);
    }

    @Test
    void anyValuesRoundTrip() {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("s", "é中😀");
        obj.put("n", null);
        obj.put("u", Any.UNDEFINED);
        obj.put("t", true);
        obj.put("f", false);
        obj.put("i", -123456789L);
        obj.put("d", Math.PI);
        obj.put("big", BigInteger.valueOf(-(1L << 60)));
        obj.put("arr", new ArrayList<>(Arrays.asList(1L, "two", null)));
        obj.put("bytes", new byte[]{1, 2, 3});
        Object back = new Lib0Reader(any(obj)).readAny();
        assertThat(Any.deepEquals(back, obj)).isTrue();
    }

    @Test
    void varUintsRoundTripUpTo53Bits() {
        for (long v : new long[]{0, 1, 127, 128, 16383, 16384, Integer.MAX_VALUE, (1L << 53) - 1}) {
            Lib0Writer w = new Lib0Writer();
            w.writeVarUint(v);
            assertThat(new Lib0Reader(w.toByteArray()).readVarUint()).isEqualTo(v);
        }
    }

    @Test
    void loneSurrogatesAreWrittenAsReplacementCharacterLikeTextEncoder() {
        Lib0Writer w = new Lib0Writer();
        w.writeVarString("a\uD83D");
        assertThat(unsigned(w.toByteArray())).containsExactly(4, 'a', 0xEF, 0xBF, 0xBD);
    }

    @Test
    void truncatedAndUnknownInputIsAFormatError() {
        assertThatThrownBy(() -> new Lib0Reader(new byte[]{(byte) 0x80}).readVarUint())
                .isInstanceOf(Lib0FormatException.class);
        assertThatThrownBy(() -> new Lib0Reader(new byte[]{5, 'a'}).readVarString())
                .isInstanceOf(Lib0FormatException.class);
        assertThatThrownBy(() -> new Lib0Reader(new byte[]{100}).readAny()).isInstanceOf(Lib0FormatException.class);
        byte[] deep = new byte[200];
        Arrays.fill(deep, (byte) 117);
        assertThatThrownBy(() -> new Lib0Reader(deep).readAny()).isInstanceOf(Lib0FormatException.class);
    }

    @Test
    void jsonMatchesJavaScriptStringify() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1L);
        m.put("b", 1.5);
        m.put("c", List.of("x\"y", true));
        m.put("d", null);
        assertThat(Json.stringify(m)).isEqualTo("{\"a\":1,\"b\":1.5,\"c\":[\"x\\\"y\",true],\"d\":null}");
        assertThat(Json.stringify(1e21)).isEqualTo("1e+21");
        assertThat(Json.parse("{\"a\":[1,2.5,\"\\u00e9\"]}")).isEqualTo(Map.of("a", List.of(1L, 2.5, "é")));
    }
}
