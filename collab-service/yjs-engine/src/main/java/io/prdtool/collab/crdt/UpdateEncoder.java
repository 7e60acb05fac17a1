package io.prdtool.collab.crdt;

/** Where structs and delete sets are written; update format v1 today, v2 can be added behind it. */
interface UpdateEncoder {

    void writeRestVarUint(long v);

    void writeClient(long client);

    void writeInfo(int info);

    void writeLeftID(long client, int clock);

    void writeRightID(long client, int clock);

    void writeParentInfo(boolean isYKey);

    void writeString(String s);

    void writeTypeRef(int ref);

    void writeLen(int len);

    void writeAny(Object any);

    void writeBuf(byte[] buf);

    void writeJSON(String json);

    void writeKey(String key);

    void resetDsCurVal();

    void writeDsClock(int clock);

    void writeDsLen(int len);

    byte[] toByteArray();
}
