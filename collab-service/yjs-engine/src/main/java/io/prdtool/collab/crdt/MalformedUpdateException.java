package io.prdtool.collab.crdt;

/**
 * An update (or state vector) that cannot be decoded or violates the format's invariants. Thrown
 * before the document is touched: a rejected update leaves the document exactly as it was.
 */
public class MalformedUpdateException extends RuntimeException {

    public MalformedUpdateException(String message) {
        super(message);
    }

    public MalformedUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
