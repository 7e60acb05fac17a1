package io.prdtool.collab.crdt.lib0;

/** Bytes that are not valid lib0 encoding (truncated, out of range, unknown tag). */
public class Lib0FormatException extends RuntimeException {

    public Lib0FormatException(String message) {
        super(message);
    }
}
