package io.prdtool.collab.crdt;

/** Reads structs and delete sets of one update; implemented for format v1 and v2. */
interface UpdateDecoder {

    long readRestVarUint();

    int readRestCount();

    long readClient();

    int readInfo();

    ID readLeftID();

    ID readRightID();

    boolean readParentInfo();

    String readString();

    int readTypeRef();

    int readLen();

    Object readAny();

    byte[] readBuf();

    /** A JSON value (format attributes, embeds): a JSON string in v1, an {@code any} in v2. */
    Object readJSON();

    String readKey();

    void resetDsCurVal();

    int readDsClock();

    int readDsLen();

    boolean hasRemaining();
}
