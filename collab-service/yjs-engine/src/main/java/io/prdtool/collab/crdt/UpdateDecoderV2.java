package io.prdtool.collab.crdt;

import java.util.ArrayList;
import java.util.List;

import io.prdtool.collab.crdt.lib0.Lib0FormatException;
import io.prdtool.collab.crdt.lib0.Lib0Reader;

/**
 * Update format v2: the same structs as v1, stored column-wise (clients, clocks, infos, strings,
 * lengths...) with lib0's run-length and diff encoders, followed by the rest (counts, any values,
 * the delete set with diff-coded clocks).
 */
final class UpdateDecoderV2 implements UpdateDecoder {

    private final Lib0Reader rest;
    private final IntDiffOptRle keyClock;
    private final UintOptRle client;
    private final IntDiffOptRle leftClock;
    private final IntDiffOptRle rightClock;
    private final Rle info;
    private final Strings strings;
    private final Rle parentInfo;
    private final UintOptRle typeRef;
    private final UintOptRle len;
    private final List<String> keys = new ArrayList<>();
    private long dsCurrVal;

    UpdateDecoderV2(Lib0Reader r) {
        this.rest = r;
        r.readVarUint(); // feature flag, unused by Yjs 13
        keyClock = new IntDiffOptRle(column(r));
        client = new UintOptRle(column(r));
        leftClock = new IntDiffOptRle(column(r));
        rightClock = new IntDiffOptRle(column(r));
        info = new Rle(column(r));
        strings = new Strings(column(r));
        parentInfo = new Rle(column(r));
        typeRef = new UintOptRle(column(r));
        len = new UintOptRle(column(r));
    }

    private static Lib0Reader column(Lib0Reader r) {
        return new Lib0Reader(r.readVarUint8Array());
    }

    private static int toInt(long v) {
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new Lib0FormatException("value " + v + " out of range");
        }
        return (int) v;
    }

    @Override
    public long readRestVarUint() {
        return rest.readVarUint();
    }

    @Override
    public int readRestCount() {
        // columns are run-length coded, so counts are not bounded by the rest's size; cap them
        int n = rest.readVarUintAsInt();
        if (n > 50_000_000) {
            throw new Lib0FormatException("count " + n + " too large");
        }
        return n;
    }

    @Override
    public long readClient() {
        long c = client.read();
        if (c < 0) {
            throw new Lib0FormatException("negative client id");
        }
        return c;
    }

    @Override
    public int readInfo() {
        return (int) info.read();
    }

    @Override
    public ID readLeftID() {
        return new ID(readClient(), toInt(leftClock.read()));
    }

    @Override
    public ID readRightID() {
        return new ID(readClient(), toInt(rightClock.read()));
    }

    @Override
    public boolean readParentInfo() {
        return parentInfo.read() == 1;
    }

    @Override
    public String readString() {
        return strings.read();
    }

    @Override
    public int readTypeRef() {
        return toInt(typeRef.read());
    }

    @Override
    public int readLen() {
        return toInt(len.read());
    }

    @Override
    public Object readAny() {
        return rest.readAny();
    }

    @Override
    public byte[] readBuf() {
        return rest.readVarUint8Array();
    }

    @Override
    public Object readJSON() {
        return rest.readAny();
    }

    @Override
    public String readKey() {
        long k = keyClock.read();
        if (k >= 0 && k < keys.size()) {
            return keys.get((int) k);
        }
        String key = strings.read();
        keys.add(key);
        return key;
    }

    @Override
    public void resetDsCurVal() {
        dsCurrVal = 0;
    }

    @Override
    public int readDsClock() {
        dsCurrVal += rest.readVarUint();
        return toInt(dsCurrVal);
    }

    @Override
    public int readDsLen() {
        long diff = rest.readVarUint() + 1;
        dsCurrVal += diff;
        return toInt(diff);
    }

    @Override
    public boolean hasRemaining() {
        return rest.hasContent();
    }

    /** lib0 RleDecoder over uint8 values: value, then (repeat count - 1) unless at the end. */
    private static final class Rle {

        private final Lib0Reader r;
        private long s;
        private long count;

        Rle(Lib0Reader r) {
            this.r = r;
        }

        long read() {
            if (count == 0) {
                s = r.readByte();
                count = r.hasContent() ? r.readVarUint() + 1 : -1;
            }
            count--;
            return s;
        }
    }

    /** lib0 UintOptRleDecoder: a negative sign marks a run, whose length follows. */
    private static final class UintOptRle {

        private final Lib0Reader r;
        private long s;
        private long count;

        UintOptRle(Lib0Reader r) {
            this.r = r;
        }

        long read() {
            if (count == 0) {
                long v = r.readVarIntSigned();
                count = 1;
                if (r.lastVarIntNegative()) {
                    v = -v;
                    count = r.readVarUint() + 2;
                }
                s = v;
            }
            count--;
            return s;
        }
    }

    /** lib0 IntDiffOptRleDecoder: runs of equal differences; the lowest bit flags a run length. */
    private static final class IntDiffOptRle {

        private final Lib0Reader r;
        private long s;
        private long count;
        private long diff;

        IntDiffOptRle(Lib0Reader r) {
            this.r = r;
        }

        long read() {
            if (count == 0) {
                long d = r.readVarIntSigned();
                boolean hasCount = (d & 1) != 0;
                diff = Math.floorDiv(d, 2);
                count = 1;
                if (hasCount) {
                    count = r.readVarUint() + 2;
                }
            }
            s += diff;
            count--;
            return s;
        }
    }

    /** lib0 StringDecoder: all strings concatenated, then their UTF-16 lengths (UintOptRle). */
    private static final class Strings {

        private final String all;
        private final UintOptRle lengths;
        private int pos;

        Strings(Lib0Reader r) {
            all = r.readVarString();
            lengths = new UintOptRle(r);
        }

        String read() {
            long n = lengths.read();
            if (n < 0 || pos + n > all.length()) {
                throw new Lib0FormatException("string column overrun");
            }
            String s = all.substring(pos, (int) (pos + n));
            pos += (int) n;
            return s;
        }
    }
}
