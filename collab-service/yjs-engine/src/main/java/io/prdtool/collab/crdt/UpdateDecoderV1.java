package io.prdtool.collab.crdt;

import io.prdtool.collab.crdt.lib0.Lib0Reader;

final class UpdateDecoderV1 implements UpdateDecoder {

    private final Lib0Reader r;

    UpdateDecoderV1(Lib0Reader r) {
        this.r = r;
    }

    @Override
    public long readRestVarUint() {
        return r.readVarUint();
    }

    @Override
    public int readRestCount() {
        return r.readCount();
    }

    @Override
    public long readClient() {
        return r.readVarUint();
    }

    @Override
    public int readInfo() {
        return r.readByte();
    }

    @Override
    public ID readLeftID() {
        return new ID(r.readVarUint(), r.readVarUintAsInt());
    }

    @Override
    public ID readRightID() {
        return new ID(r.readVarUint(), r.readVarUintAsInt());
    }

    @Override
    public boolean readParentInfo() {
        return r.readVarUint() == 1;
    }

    @Override
    public String readString() {
        return r.readVarString();
    }

    @Override
    public int readTypeRef() {
        return r.readVarUintAsInt();
    }

    @Override
    public int readLen() {
        return r.readVarUintAsInt();
    }

    @Override
    public Object readAny() {
        return r.readAny();
    }

    @Override
    public byte[] readBuf() {
        return r.readVarUint8Array();
    }

    @Override
    public Object readJSON() {
        String json = r.readVarString();
        try {
            return io.prdtool.collab.crdt.lib0.Json.parse(json);
        } catch (RuntimeException e) {
            throw new MalformedUpdateException("invalid JSON in update", e);
        }
    }

    @Override
    public String readKey() {
        return r.readVarString();
    }

    @Override
    public void resetDsCurVal() {
    }

    @Override
    public int readDsClock() {
        return r.readVarUintAsInt();
    }

    @Override
    public int readDsLen() {
        return r.readVarUintAsInt();
    }

    @Override
    public boolean hasRemaining() {
        return r.hasContent();
    }
}
