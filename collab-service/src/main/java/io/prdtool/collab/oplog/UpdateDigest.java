package io.prdtool.collab.oplog;

import java.util.ArrayList;
import java.util.List;

import io.prdtool.collab.crdt.MalformedUpdateException;
import io.prdtool.collab.crdt.lib0.Json;
import io.prdtool.collab.crdt.lib0.Lib0FormatException;
import io.prdtool.collab.crdt.lib0.Lib0Reader;

/**
 * Reads a Yjs update (format v1) into the runs the operation log stores, without touching a document. The engine
 * validates and applies updates; this only describes them, so it reads exactly the wire layout of YJS-PROTOCOL.md.
 */
public final class UpdateDigest {

    /** Longest text kept in one operation row; longer inserts are still complete in the raw update. */
    static final int MAX_CONTENT_CHARS = 65_536;

    private UpdateDigest() {
    }

    public static List<Operation> operations(byte[] update) {
        try {
            return read(new Lib0Reader(update));
        } catch (Lib0FormatException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new MalformedUpdateException("malformed update: " + e.getMessage(), e);
        }
    }

    private static List<Operation> read(Lib0Reader r) {
        List<Operation> ops = new ArrayList<>();
        int clients = r.readCount();
        for (int c = 0; c < clients; c++) {
            int structs = r.readCount();
            long client = r.readVarUint();
            long clock = r.readVarUint();
            for (int i = 0; i < structs; i++) {
                int info = r.readByte();
                int kind = info & 0x1F;
                int length;
                switch (kind) {
                    case 0 -> length = r.readVarUintAsInt(); // GC: nothing to log
                    case 10 -> length = (int) r.readVarUint(); // Skip
                    default -> {
                        boolean hasOrigin = (info & 0x80) != 0;
                        boolean hasRightOrigin = (info & 0x40) != 0;
                        if (hasOrigin) {
                            r.readVarUint();
                            r.readVarUint();
                        }
                        if (hasRightOrigin) {
                            r.readVarUint();
                            r.readVarUint();
                        }
                        String parent = null;
                        if (!hasOrigin && !hasRightOrigin) {
                            parent = r.readVarUint() == 1 ? r.readVarString() : r.readVarUint() + ":" + r.readVarUint();
                            if ((info & 0x20) != 0) {
                                parent = parent + "/" + r.readVarString();
                            }
                        }
                        Operation op = readContent(r, kind, client, (int) clock, parent);
                        length = op.length();
                        ops.add(op);
                    }
                }
                clock += length;
            }
        }
        int dsClients = r.readCount();
        for (int c = 0; c < dsClients; c++) {
            long client = r.readVarUint();
            int ranges = r.readCount();
            for (int i = 0; i < ranges; i++) {
                int clock = r.readVarUintAsInt();
                int len = r.readVarUintAsInt();
                ops.add(new Operation("delete", client, clock, len, null, null, null, null));
            }
        }
        return ops;
    }

    private static Operation readContent(Lib0Reader r, int kind, long client, int clock, String parent) {
        switch (kind) {
            case 1 -> {
                return insert(client, clock, r.readVarUintAsInt(), "deleted", null, parent);
            }
            case 2 -> {
                int len = r.readVarUintAsInt();
                List<String> values = new ArrayList<>();
                for (int i = 0; i < len; i++) {
                    values.add(r.readVarString());
                }
                return insert(client, clock, len, "json", "[" + String.join(",", values) + "]", parent);
            }
            case 3 -> {
                byte[] bytes = r.readVarUint8Array();
                return insert(client, clock, 1, "binary", bytes.length + " bytes", parent);
            }
            case 4 -> {
                String text = r.readVarString();
                return insert(client, clock, text.length(), "string", text, parent);
            }
            case 5 -> {
                return insert(client, clock, 1, "embed", r.readVarString(), parent);
            }
            case 6 -> {
                String key = r.readVarString();
                String value = r.readVarString();
                return new Operation("format", client, clock, 1, "format", null,
                        jsonSafe("{" + Json.stringify(key) + ":" + normalizeJson(value) + "}"), parent);
            }
            case 7 -> {
                int ref = r.readVarUintAsInt();
                String name = switch (ref) {
                    case 0 -> "Array";
                    case 1 -> "Map";
                    case 2 -> "Text";
                    case 3 -> "XmlElement:" + r.readVarString();
                    case 4 -> "XmlFragment";
                    case 5 -> "XmlHook:" + r.readVarString();
                    case 6 -> "XmlText";
                    default -> throw new MalformedUpdateException("unknown type ref " + ref);
                };
                return insert(client, clock, 1, "type", name, parent);
            }
            case 8 -> {
                int len = r.readVarUintAsInt();
                List<String> values = new ArrayList<>();
                for (int i = 0; i < len; i++) {
                    values.add(Json.stringify(r.readAny()));
                }
                return insert(client, clock, len, "any", "[" + String.join(",", values) + "]", parent);
            }
            case 9 -> {
                String guid = r.readVarString();
                r.readAny();
                return insert(client, clock, 1, "doc", guid, parent);
            }
            default -> throw new MalformedUpdateException("unknown content kind " + kind);
        }
    }

    private static Operation insert(long client, int clock, int length, String kind, String content, String parent) {
        if (length <= 0) {
            throw new MalformedUpdateException("content length must be positive");
        }
        String kept = content != null && content.length() > MAX_CONTENT_CHARS
                ? content.substring(0, MAX_CONTENT_CHARS)
                : content;
        // PostgreSQL text cannot hold NUL; the raw update keeps the exact bytes
        return new Operation("insert", client, clock, length, kind, kept == null ? null : kept.replace('\0', '\uFFFD'),
                null, parent);
    }

    /** A format value as canonical JSON; a value that is not JSON (Yjs writes "undefined") is kept as a string. */
    private static String normalizeJson(String value) {
        try {
            return Json.stringify(Json.parse(value));
        } catch (RuntimeException e) {
            return Json.stringify(value);
        }
    }

    /** jsonb refuses the NUL escape. */
    private static String jsonSafe(String json) {
        return json.replace("\\u0000", "\\ufffd");
    }
}
