package io.prdtool.collab.sync;

import io.prdtool.collab.crdt.lib0.Lib0Writer;

/**
 * The y-websocket / y-protocols framing: every WebSocket message starts with varUint(type); sync messages then carry
 * varUint(subtype) and varUint8Array(payload). See YJS-PROTOCOL.md.
 */
public final class YMessages {

    public static final int SYNC = 0;
    public static final int AWARENESS = 1;
    public static final int AUTH = 2;
    public static final int QUERY_AWARENESS = 3;

    public static final int SYNC_STEP_1 = 0;
    public static final int SYNC_STEP_2 = 1;
    public static final int SYNC_UPDATE = 2;

    public static final int AUTH_PERMISSION_DENIED = 0;

    private YMessages() {
    }

    public static byte[] syncStep1(byte[] stateVector) {
        return sync(SYNC_STEP_1, stateVector);
    }

    public static byte[] syncStep2(byte[] update) {
        return sync(SYNC_STEP_2, update);
    }

    public static byte[] update(byte[] update) {
        return sync(SYNC_UPDATE, update);
    }

    public static byte[] awareness(byte[] awarenessUpdate) {
        Lib0Writer w = new Lib0Writer(awarenessUpdate.length + 6);
        w.writeVarUint(AWARENESS);
        w.writeVarUint8Array(awarenessUpdate);
        return w.toByteArray();
    }

    public static byte[] permissionDenied(String reason) {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(AUTH);
        w.writeVarUint(AUTH_PERMISSION_DENIED);
        w.writeVarString(reason);
        return w.toByteArray();
    }

    private static byte[] sync(int subtype, byte[] payload) {
        Lib0Writer w = new Lib0Writer(payload.length + 8);
        w.writeVarUint(SYNC);
        w.writeVarUint(subtype);
        w.writeVarUint8Array(payload);
        return w.toByteArray();
    }
}
