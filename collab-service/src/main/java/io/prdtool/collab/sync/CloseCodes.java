package io.prdtool.collab.sync;

import io.quarkus.websockets.next.CloseReason;

/**
 * Why the server closes a collaboration socket. 4xxx codes mirror HTTP statuses so that clients can tell a retryable
 * condition from a final one; a stock y-websocket client reconnects after any close.
 */
public final class CloseCodes {

    /** Missing, invalid or expired token. */
    public static final CloseReason UNAUTHORIZED = new CloseReason(4401, "unauthorized");
    /** The token expired while the socket was open. */
    public static final CloseReason TOKEN_EXPIRED = new CloseReason(4401, "token expired");
    /** Unknown PRD, deleted PRD or another organization's PRD: the same answer, so existence is not revealed. */
    public static final CloseReason NOT_FOUND = new CloseReason(4404, "document not found");
    /** The user's membership (or the PRD) went away during the session. */
    public static final CloseReason ACCESS_REVOKED = new CloseReason(4403, "access revoked");
    /** The message is larger than {@code prdtool.collab.limits.max-message-bytes}. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** Applying the update would make the document larger than {@code max-document-bytes}. */
    public static final CloseReason DOCUMENT_TOO_LARGE = new CloseReason(4413, "document size limit reached");
    /** More updates than {@code updates-per-second} (after the burst). */
    public static final CloseReason RATE_LIMITED = new CloseReason(4429, "update rate limit exceeded");
    /** The client stopped reading: more than {@code max-send-queue-bytes} waited to be sent to it. */
    public static final CloseReason SLOW_CONSUMER = new CloseReason(4408, "client is not reading; reconnect");
    /** A message or update that is not valid y-protocols / Yjs v1. */
    public static final int MALFORMED = 1007;
    /** The update could not be stored; the client reconnects and re-syncs (nothing acknowledged was lost). */
    public static final CloseReason STORAGE_FAILED = new CloseReason(1011, "update could not be stored");

    private CloseCodes() {
    }
}
