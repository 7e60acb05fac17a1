package io.prdtool.collab.crdt.lib0;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads lib0's binary encoding. Every read is bounds-checked and throws {@link Lib0FormatException}
 * on truncated or out-of-range input, so hostile bytes never surface as an index exception.
 */
public final class Lib0Reader {

    /** Nesting limit for {@code any} values: deeper input is an attack, not a document. */
    private static final int MAX_ANY_DEPTH = 64;

    private final byte[] buf;
    private int pos;
    private final int end;

    public Lib0Reader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public Lib0Reader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public boolean hasContent() {
        return pos < end;
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    private Lib0FormatException truncated() {
        return new Lib0FormatException("unexpected end of update at byte " + pos);
    }

    public int readByte() {
        if (pos >= end) {
            throw truncated();
        }
        return buf[pos++] & 0xFF;
    }

    public byte[] readBytes(int len) {
        if (len < 0 || len > end - pos) {
            throw truncated();
        }
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    public long readVarUint() {
        long num = 0;
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw truncated();
            }
            int r = buf[pos++];
            num |= (long) (r & 0x7F) << shift;
            if (r >= 0) {
                return num;
            }
            shift += 7;
            if (shift > 49) {
                throw new Lib0FormatException("varUint out of range at byte " + pos);
            }
        }
    }

    /** A varUint that must fit a non-negative int (clocks, lengths, counts). */
    public int readVarUintAsInt() {
        long v = readVarUint();
        if (v > Integer.MAX_VALUE) {
            throw new Lib0FormatException("value " + v + " too large at byte " + pos);
        }
        return (int) v;
    }

    /** A varUint used as a count of following elements; each element needs at least one byte. */
    public int readCount() {
        int n = readVarUintAsInt();
        if (n > end - pos) {
            throw new Lib0FormatException("count " + n + " exceeds remaining " + (end - pos) + " bytes");
        }
        return n;
    }

    /** Reads lib0's signed varint; negative zero comes back as {@code -0.0}. */
    public Number readVarIntNumber() {
        int r = readByte();
        long num = r & 0x3F;
        boolean negative = (r & 0x40) != 0;
        if ((r & 0x80) != 0) {
            int shift = 6;
            while (true) {
                if (pos >= end) {
                    throw truncated();
                }
                int b = buf[pos++];
                num |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
                shift += 7;
                if (shift > 49) {
                    throw new Lib0FormatException("varInt out of range at byte " + pos);
                }
            }
        }
        if (negative && num == 0) {
            return -0.0d;
        }
        return negative ? -num : num;
    }

    private boolean lastVarIntNegative;

    /**
     * Reads a signed varint as a long; {@link #lastVarIntNegative()} then tells whether the sign bit
     * was set, which distinguishes negative zero (lib0's RLE encoders use it as a flag).
     */
    public long readVarIntSigned() {
        int r = readByte();
        long num = r & 0x3F;
        lastVarIntNegative = (r & 0x40) != 0;
        if ((r & 0x80) != 0) {
            int shift = 6;
            while (true) {
                if (pos >= end) {
                    throw truncated();
                }
                int b = buf[pos++];
                num |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
                shift += 7;
                if (shift > 49) {
                    throw new Lib0FormatException("varInt out of range at byte " + pos);
                }
            }
        }
        return lastVarIntNegative ? -num : num;
    }

    public boolean lastVarIntNegative() {
        return lastVarIntNegative;
    }

    public long readVarInt() {
        return readVarIntNumber().longValue();
    }

    public byte[] readVarUint8Array() {
        return readBytes(readVarUintAsInt());
    }

    public String readVarString() {
        int len = readVarUintAsInt();
        if (len > end - pos) {
            throw truncated();
        }
        String s = Utf8.decode(buf, pos, len);
        pos += len;
        return s;
    }

    public float readFloat32() {
        int bits = 0;
        for (int i = 0; i < 4; i++) {
            bits = (bits << 8) | readByte();
        }
        return Float.intBitsToFloat(bits);
    }

    private long readLongBigEndian() {
        if (end - pos < 8) {
            throw truncated();
        }
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (buf[pos++] & 0xFF);
        }
        return bits;
    }

    public double readFloat64() {
        return Double.longBitsToDouble(readLongBigEndian());
    }

    public Object readAny() {
        return readAny(0);
    }

    private Object readAny(int depth) {
        if (depth > MAX_ANY_DEPTH) {
            throw new Lib0FormatException("'any' value nested deeper than " + MAX_ANY_DEPTH);
        }
        int tag = readByte();
        switch (tag) {
            case 127 :
                return Any.UNDEFINED;
            case 126 :
                return null;
            case 125 : {
                Number n = readVarIntNumber();
                return n instanceof Long l ? l : n;
            }
            case 124 :
                return (double) readFloat32();
            case 123 :
                return readFloat64();
            case 122 :
                return BigInteger.valueOf(readLongBigEndian());
            case 121 :
                return Boolean.FALSE;
            case 120 :
                return Boolean.TRUE;
            case 119 :
                return readVarString();
            case 118 : {
                int n = readCount();
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String key = readVarString();
                    map.put(key, readAny(depth + 1));
                }
                return map;
            }
            case 117 : {
                int n = readCount();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readAny(depth + 1));
                }
                return list;
            }
            case 116 :
                return readVarUint8Array();
            default :
                throw new Lib0FormatException("unknown 'any' tag " + tag + " at byte " + (pos - 1));
        }
    }

}
