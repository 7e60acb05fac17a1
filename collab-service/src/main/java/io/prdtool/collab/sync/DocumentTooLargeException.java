package io.prdtool.collab.sync;

/** An update would make a document larger than the configured maximum. */
public class DocumentTooLargeException extends RuntimeException {

    public DocumentTooLargeException(long size, long max) {
        super("document would grow to " + size + " bytes, more than the limit of " + max);
    }
}
