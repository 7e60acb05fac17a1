package io.prdtool.collab.crdt;

import io.prdtool.collab.crdt.lib0.Lib0Reader;

/** Placeholder until v2 decoding lands. */
final class UpdateDecoderV2 implements UpdateDecoder {

    UpdateDecoderV2(Lib0Reader r) {
        throw new MalformedUpdateException("update format v2 is not supported yet");
    }

    @Override
    public long readRestVarUint() {
        return 0;
    }

    @Override
    public int readRestCount() {
        return 0;
    }

    @Override
    public long readClient() {
        return 0;
    }

    @Override
    public int readInfo() {
        return 0;
    }

    @Override
    public ID readLeftID() {
        return null;
    }

    @Override
    public ID readRightID() {
        return null;
    }

    @Override
    public boolean readParentInfo() {
        return false;
    }

    @Override
    public String readString() {
        return null;
    }

    @Override
    public int readTypeRef() {
        return 0;
    }

    @Override
    public int readLen() {
        return 0;
    }

    @Override
    public Object readAny() {
        return null;
    }

    @Override
    public byte[] readBuf() {
        return null;
    }

    @Override
    public String readJSON() {
        return null;
    }

    @Override
    public String readKey() {
        return null;
    }

    @Override
    public void resetDsCurVal() {
    }

    @Override
    public int readDsClock() {
        return 0;
    }

    @Override
    public int readDsLen() {
        return 0;
    }

    @Override
    public boolean hasRemaining() {
        return false;
    }
}
