package io.prdtool.collab.crdt.lib0;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Growable byte buffer writing lib0's binary encoding (the primitives of the Yjs wire format).
 *
 * <p>
 * Strings are written as UTF-8 from their UTF-16 form the way a browser's {@code TextEncoder} does:
 * a lone surrogate becomes U+FFFD, so documents that split a surrogate pair still encode exactly as
 * Yjs encodes them.
 */
public final class Lib0Writer {

    private byte[] buf;
    private int pos;

    public Lib0Writer() {
        this(64);
    }

    public Lib0Writer(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int length() {
        return pos;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    public void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    public void writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    public void writeVarUint(long num) {
        ensure(10);
        while (num > 0x7F) {
            buf[pos++] = (byte) (0x80 | (num & 0x7F));
            num >>>= 7;
        }
        buf[pos++] = (byte) num;
    }

    /** lib0's signed varint: sign-and-magnitude, with a sign bit also for negative zero. */
    public void writeVarInt(long num, boolean negative) {
        ensure(11);
        long abs = Math.abs(num);
        buf[pos++] = (byte) ((abs > 0x3F ? 0x80 : 0) | (negative ? 0x40 : 0) | (abs & 0x3F));
        abs >>>= 6;
        while (abs > 0) {
            buf[pos++] = (byte) ((abs > 0x7F ? 0x80 : 0) | (abs & 0x7F));
            abs >>>= 7;
        }
    }

    public void writeVarInt(long num) {
        writeVarInt(num, num < 0);
    }

    public void writeVarUint8Array(byte[] bytes) {
        writeVarUint(bytes.length);
        writeBytes(bytes);
    }

    public void writeVarString(String s) {
        int n = s.length();
        // ASCII fast path in one pass: the length prefix equals the char count; rewound at the first other char
        int start = pos;
        writeVarUint(n);
        ensure(n);
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                pos = start;
                writeVarUint8Array(Utf8.encode(s));
                return;
            }
            b[p++] = (byte) c;
        }
        pos = p;
    }

    public void writeFloat32(float f) {
        int bits = Float.floatToRawIntBits(f);
        ensure(4);
        for (int i = 3; i >= 0; i--) {
            buf[pos++] = (byte) (bits >>> (i * 8));
        }
    }

    public void writeFloat64(double d) {
        writeLongBigEndian(Double.doubleToRawLongBits(d));
    }

    private void writeLongBigEndian(long bits) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[pos++] = (byte) (bits >>> (i * 8));
        }
    }

    /** Writes a value with lib0's {@code writeAny} tags; see {@link Any} for the Java mapping. */
    public void writeAny(Object value) {
        if (value == null) {
            writeByte(126);
        } else if (value == Any.UNDEFINED) {
            writeByte(127);
        } else if (value instanceof String s) {
            writeByte(119);
            writeVarString(s);
        } else if (value instanceof Boolean b) {
            writeByte(b ? 120 : 121);
        } else if (value instanceof BigInteger big) {
            writeByte(122);
            writeLongBigEndian(big.longValue());
        } else if (value instanceof Number n) {
            writeNumber(n);
        } else if (value instanceof byte[] bytes) {
            writeByte(116);
            writeVarUint8Array(bytes);
        } else if (value instanceof List<?> list) {
            writeByte(117);
            writeVarUint(list.size());
            for (Object o : list) {
                writeAny(o);
            }
        } else if (value instanceof Map<?, ?> map) {
            writeByte(118);
            writeVarUint(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                writeVarString(String.valueOf(e.getKey()));
                writeAny(e.getValue());
            }
        } else {
            throw new IllegalArgumentException("not a lib0 'any' value: " + value.getClass().getName());
        }
    }

    private void writeNumber(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                writeByte(125);
                writeVarInt((long) Math.abs(d), d < 0 || (d == 0 && 1 / d < 0));
            } else if (!Double.isNaN(d) && (double) (float) d == d) {
                writeByte(124);
                writeFloat32((float) d);
            } else {
                writeByte(123);
                writeFloat64(d);
            }
        } else {
            long l = n.longValue();
            if (Math.abs(l) <= Integer.MAX_VALUE) {
                writeByte(125);
                writeVarInt(l);
            } else {
                writeNumber((double) l);
            }
        }
    }
}
