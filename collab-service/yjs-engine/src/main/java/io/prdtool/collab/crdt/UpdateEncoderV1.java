package io.prdtool.collab.crdt;

import io.prdtool.collab.crdt.lib0.Lib0Writer;

final class UpdateEncoderV1 implements UpdateEncoder {

    final Lib0Writer w;

    UpdateEncoderV1() {
        this(256);
    }

    /** @param capacity the expected size of the update, so that the buffer need not grow while writing */
    UpdateEncoderV1(int capacity) {
        w = new Lib0Writer(capacity);
    }

    @Override
    public void writeRestVarUint(long v) {
        w.writeVarUint(v);
    }

    @Override
    public void writeClient(long client) {
        w.writeVarUint(client);
    }

    @Override
    public void writeInfo(int info) {
        w.writeByte(info);
    }

    @Override
    public void writeLeftID(long client, int clock) {
        w.writeVarUint(client);
        w.writeVarUint(clock);
    }

    @Override
    public void writeRightID(long client, int clock) {
        w.writeVarUint(client);
        w.writeVarUint(clock);
    }

    @Override
    public void writeParentInfo(boolean isYKey) {
        w.writeVarUint(isYKey ? 1 : 0);
    }

    @Override
    public void writeString(String s) {
        w.writeVarString(s);
    }

    @Override
    public void writeTypeRef(int ref) {
        w.writeVarUint(ref);
    }

    @Override
    public void writeLen(int len) {
        w.writeVarUint(len);
    }

    @Override
    public void writeAny(Object any) {
        w.writeAny(any);
    }

    @Override
    public void writeBuf(byte[] buf) {
        w.writeVarUint8Array(buf);
    }

    @Override
    public void writeJSON(String json) {
        w.writeVarString(json);
    }

    @Override
    public void writeKey(String key) {
        w.writeVarString(key);
    }

    @Override
    public void resetDsCurVal() {
    }

    @Override
    public void writeDsClock(int clock) {
        w.writeVarUint(clock);
    }

    @Override
    public void writeDsLen(int len) {
        w.writeVarUint(len);
    }

    @Override
    public byte[] toByteArray() {
        return w.toByteArray();
    }
}
