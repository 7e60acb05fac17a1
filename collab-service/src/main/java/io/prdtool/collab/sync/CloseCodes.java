package io.prdtool.collab.sync;

import io.quarkus.websockets.next.CloseReason;

/**
 * Why the server closes a collaboration socket, and what a stock client does next.
 * <p>
 * y-websocket 3 ({@code defaultShouldReconnect}) treats every code from 4400 to 4499 as final: the provider stops
 * reconnecting and its local edits stay unsynced until the application calls {@code connect()} again (it emits
 * {@code closed} with the code). So 44xx is used only for what reconnecting cannot fix: no valid token, no access, no
 * such document, a document that cannot grow. Everything the server does to protect itself (a client that floods or
 * does not read, a document not yet known, a storage failure) uses a 1xxx code, after which y-websocket and the
 * Hocuspocus provider reconnect with back-off and re-sync, so nothing is lost. Flooding clients are not closed at all:
 * the server stops reading their socket until they are within their rate again (see {@code CollabEndpoint}).
 */
public final class CloseCodes {

    /** Missing, invalid or expired token. Final: a new token is needed. */
    public static final CloseReason UNAUTHORIZED = new CloseReason(4401, "unauthorized");
    /** The token expired while the socket was open. Final: a new token is needed. */
    public static final CloseReason TOKEN_EXPIRED = new CloseReason(4401, "token expired");
    /**
     * Unknown PRD, deleted PRD or another organization's PRD: the same answer, so existence is not revealed. Final. Only
     * given once prd-service, asked with the user's token, does not know the PRD for this user either (a PRD created a
     * moment ago that the access projection has not seen yet is waited for, see {@link #NOT_READY}).
     */
    public static final CloseReason NOT_FOUND = new CloseReason(4404, "document not found");
    /** The user's membership (or the PRD) went away during the session. Final. */
    public static final CloseReason ACCESS_REVOKED = new CloseReason(4403, "access revoked");
    /** The message is larger than {@code prdtool.collab.limits.max-message-bytes}. The client reconnects. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /**
     * Applying the update would make the document larger than {@code max-document-bytes}. Final on purpose: the
     * client's pending edits would be refused again on every reconnect (its sync step 2 carries them), so a retry loop
     * would only resend megabytes; the application learns the reason from the provider's {@code closed} event.
     */
    public static final CloseReason DOCUMENT_TOO_LARGE = new CloseReason(4413, "document size limit reached");
    /**
     * "Try again later" (RFC 6455 registry, 1013): messages a throttled client sent while its socket was paused went
     * beyond {@code max-held-bytes}, which only a client that ignores TCP back-pressure can reach. It reconnects.
     */
    public static final CloseReason OVERLOADED = new CloseReason(1013, "too many updates; try again later");
    /**
     * The client stopped reading for so long that even its catch-up could not be held: more than
     * {@code max-send-queue-bytes} waited for it. It reconnects and re-syncs (1013, "try again later").
     */
    public static final CloseReason SLOW_CONSUMER = new CloseReason(1013, "client is not reading; try again later");
    /**
     * prd-service knows the PRD for this user but the access projection has not caught up within
     * {@code prdtool.collab.access.unknown-document-wait}: the client reconnects and is admitted once it has.
     */
    public static final CloseReason NOT_READY = new CloseReason(1013, "document not ready yet; try again later");
    /** A message or update that is not valid y-protocols / Yjs v1. */
    public static final int MALFORMED = 1007;
    /** The update could not be stored; the client reconnects and re-syncs (nothing acknowledged was lost). */
    public static final CloseReason STORAGE_FAILED = new CloseReason(1011, "update could not be stored");

    private CloseCodes() {
    }
}
