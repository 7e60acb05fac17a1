package io.prdtool.collab.sync;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.collab.access.AccessRepository;
import io.prdtool.collab.access.Grant;
import io.prdtool.collab.access.PrdServiceCheck;
import io.prdtool.collab.access.TokenVerifier;
import io.prdtool.collab.cluster.ClusterFanOut;
import io.prdtool.collab.config.CollabConfig;
import io.prdtool.collab.crdt.MalformedUpdateException;
import io.prdtool.collab.crdt.lib0.Lib0FormatException;
import io.prdtool.collab.crdt.lib0.Lib0Reader;
import io.prdtool.collab.presence.PresenceTracker;
import io.prdtool.shared.auth.Caller;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The y-websocket endpoint: {@code ws://host:port/collab/{prdId}?token=<JWT>}, exactly what a stock
 * {@code WebsocketProvider(serverUrl + "/collab", prdId, doc, { params: { token } })} connects to.
 * <p>
 * The token is verified like a REST bearer token and the user must be a member of the PRD's organization; otherwise
 * the server sends y-protocols' "permission denied" auth message and closes (4401, or 4404 for an unknown PRD and
 * another organization's PRD alike). A PRD the access projection does not know yet is first asked about at prd-service
 * with the user's token and waited for (see {@link #admitLate}). Viewers receive everything and may send awareness;
 * their document updates are dropped. Close codes: {@link CloseCodes}.
 * <p>
 * Overload never strands a client: a connection that sends updates faster than its rate is throttled (its socket is
 * no longer read and its messages wait, in order, until the rate allows them), and a client that reads slowly is sent
 * one coalesced catch-up instead of every update (see {@link CollabSession#relay}).
 */
@WebSocket(path = "/collab/{prdId}")
public class CollabEndpoint {

    private static final Logger LOG = Logger.getLogger(CollabEndpoint.class);

    /** A message fully handled (an item-only Uni can be subscribed any number of times). */
    private static final Uni<Void> DONE = Uni.createFrom().voidItem();

    @Inject
    TokenVerifier tokens;

    @Inject
    AccessRepository access;

    @Inject
    Documents documents;

    @Inject
    CollabConfig config;

    @Inject
    ClusterFanOut fanOut;

    @Inject
    PresenceTracker presence;

    @Inject
    ObjectMapper mapper;

    @Inject
    Vertx vertx;

    @Inject
    Sessions sessions;

    @Inject
    PrdServiceCheck prdService;

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        CompletableFuture<CollabSession> ready = sessions.opening(connection.id());
        Optional<JsonWebToken> jwt = tokens.verify(
                TokenVerifier.queryParam(connection.handshakeRequest().query(), "token"));
        if (jwt.isEmpty()) {
            return deny(connection, ready, CloseCodes.UNAUTHORIZED);
        }
        UUID prdId = parseUuid(connection.pathParam("prdId"));
        if (prdId == null) {
            return deny(connection, ready, CloseCodes.NOT_FOUND);
        }
        Caller caller = Caller.of(jwt.get());
        String token = jwt.get().getRawToken();
        return access.find(prdId, caller.subject()).chain(grant -> grant.isEmpty()
                ? admitLate(connection, ready, prdId, caller, token)
                : admit(connection, ready, grant.get(), caller, token));
    }

    /**
     * The access projection does not know the PRD for this user. It may be brand new (its events not consumed yet,
     * e.g. right after the stack started): ask prd-service with the user's token. Not readable there: 4404 at once.
     * Readable, or no answer: re-check the projection for up to {@code unknown-document-wait}, then admit, or close
     * with 1013 (prd-service confirmed it: the client retries) or 4404 (not confirmed).
     */
    private Uni<Void> admitLate(WebSocketConnection connection, CompletableFuture<CollabSession> ready, UUID prdId,
            Caller caller, String token) {
        Context context = Vertx.currentContext();
        long deadline = System.nanoTime() + config.access().unknownDocumentWait().toNanos();
        return prdService.check(prdId, token)
                .emitOn(task -> runOn(context, task))
                .chain(answer -> answer == PrdServiceCheck.Answer.NOT_READABLE
                        ? deny(connection, ready, CloseCodes.NOT_FOUND)
                        : waitForGrant(connection, prdId, caller, deadline).chain(grant -> grant == null
                                ? deny(connection, ready, answer == PrdServiceCheck.Answer.READABLE
                                        ? CloseCodes.NOT_READY
                                        : CloseCodes.NOT_FOUND)
                                : admit(connection, ready, grant, caller, token)));
    }

    private Uni<Grant> waitForGrant(WebSocketConnection connection, UUID prdId, Caller caller, long deadline) {
        if (connection.isClosed() || System.nanoTime() >= deadline) {
            return Uni.createFrom().nullItem();
        }
        Context context = Vertx.currentContext();
        return Uni.createFrom().<Void>emitter(e -> vertx.setTimer(250, id -> runOn(context, () -> e.complete(null))))
                .chain(() -> access.find(prdId, caller.subject()))
                .chain(grant -> grant.isPresent()
                        ? Uni.createFrom().item(grant.get())
                        : waitForGrant(connection, prdId, caller, deadline));
    }

    private static void runOn(Context context, Runnable task) {
        if (context == null || Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }

    private Uni<Void> admit(WebSocketConnection connection, CompletableFuture<CollabSession> ready, Grant grant,
            Caller caller, String token) {
        CollabSession session = new CollabSession(connection, grant, caller.name(), caller.expiresAt(),
                new TokenBucket(config.limits().updatesPerSecond(), config.limits().updateBurst()),
                config.limits().maxSendQueueBytes(), config.limits().catchUpAfterBytes());
        session.forget = () -> onClose(connection);
        return documents.join(grant.prdId(), session, token).invoke(first -> {
            first.forEach(session::send);
            long untilExpiry = Math.max(1, caller.expiresAt().toEpochMilli() - Instant.now().toEpochMilli());
            session.expiryTimer = vertx.setTimer(untilExpiry, id -> session.close(CloseCodes.TOKEN_EXPIRED));
            // the first re-check at a random point of the first interval: clients that joined together (after a
            // deploy, say) are not all re-checked in the same millisecond ever after
            long every = config.access().recheckInterval().toMillis();
            session.recheckTimer = vertx.setPeriodic(
                    1 + ThreadLocalRandom.current().nextLong(every),
                    every, id -> sessions.recheck(session));
            ready.complete(session);
            presence.joined(session);
            if (connection.isClosed()) {
                onClose(connection);
            }
        }).onFailure().invoke(failure -> {
            LOG.errorf(failure, "Could not open document %s", grant.prdId());
            ready.complete(null);
            connection.close(CloseCodes.STORAGE_FAILED).subscribe().with(x -> {
            }, f -> {
            });
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> deny(WebSocketConnection connection, CompletableFuture<CollabSession> ready, CloseReason reason) {
        ready.complete(null);
        if (reason.getCode() < 4400 || reason.getCode() >= 4500) {
            return connection.close(reason); // not a refusal: the client comes back later
        }
        return connection.sendBinary(Buffer.buffer(YMessages.permissionDenied(reason.getMessage())))
                .onFailure().recoverWithNull()
                .chain(() -> connection.close(reason));
    }

    @OnBinaryMessage
    public Uni<Void> onMessage(Buffer message, WebSocketConnection connection) {
        CompletableFuture<CollabSession> ready = sessions.get(connection.id());
        if (ready == null) {
            return DONE;
        }
        if (ready.isDone()) { // every message after the handshake: no reactive stage on the way in
            CollabSession session = ready.getNow(null);
            return session == null || session.closing ? DONE : handle(session, message.getBytes());
        }
        return Uni.createFrom().completionStage(ready).chain(session -> session == null || session.closing
                ? DONE
                : handle(session, message.getBytes()));
    }

    private Uni<Void> handle(CollabSession session, byte[] bytes) {
        int max = config.limits().maxMessageBytes();
        if (bytes.length > max) {
            session.close(new CloseReason(CloseCodes.MESSAGE_TOO_BIG, "message exceeds " + max + " bytes"));
            return DONE;
        }
        if (!session.held.isEmpty()) {
            hold(session, bytes); // throttled: after the ones already waiting, in order
            return DONE;
        }
        return process(session, bytes, false);
    }

    /** Handles one message; {@code admitted}: its update already took its rate token. */
    private Uni<Void> process(CollabSession session, byte[] bytes, boolean admitted) {
        try {
            Lib0Reader reader = new Lib0Reader(bytes);
            int type = reader.readVarUintAsInt();
            switch (type) {
                case YMessages.SYNC -> {
                    return sync(session, reader, bytes, admitted);
                }
                case YMessages.AWARENESS -> {
                    awareness(session, reader.readVarUint8Array());
                    return DONE;
                }
                case YMessages.QUERY_AWARENESS -> {
                    byte[] all = session.room.awareness.encodeAll();
                    if (all != null) {
                        session.send(YMessages.awareness(all));
                    }
                    return DONE;
                }
                default -> {
                    // auth messages from clients and unknown types are ignored, as y-websocket servers do
                    return DONE;
                }
            }
        } catch (Lib0FormatException | MalformedUpdateException | IllegalArgumentException
                | IndexOutOfBoundsException e) {
            session.close(malformed(e));
            return DONE;
        }
    }

    /**
     * Throttles a connection that is over its update rate: its socket is paused (the client's TCP send buffer holds
     * what follows, nothing is lost and nothing is closed) and the messages already received wait here, in order, until
     * tokens refill. Only a client that ignores TCP back-pressure can exceed {@code max-held-bytes} (closed with 1013).
     */
    private void hold(CollabSession session, byte[] bytes) {
        session.held.addLast(bytes);
        session.heldBytes += bytes.length;
        if (session.heldBytes > config.limits().maxHeldBytes()) {
            LOG.infof("Closing %s: %d bytes of throttled messages held", session.id(), session.heldBytes);
            session.held.clear();
            session.heldBytes = 0;
            session.close(CloseCodes.OVERLOADED);
            return;
        }
        session.pauseReading();
        if (session.holdTimer < 0) {
            session.holdTimer = vertx.setTimer(session.updates.millisUntilToken(), id -> release(session));
        }
    }

    /** Processes held messages as far as the rate allows; resumes reading once none wait. */
    private void release(CollabSession session) {
        session.holdTimer = -1;
        while (!session.closing) {
            byte[] next = session.held.peekFirst();
            if (next == null) {
                session.resumeReading();
                return;
            }
            boolean update = isUpdate(next) && session.canEdit();
            if (update && !session.updates.tryTake()) {
                session.holdTimer = vertx.setTimer(session.updates.millisUntilToken(), id -> release(session));
                return;
            }
            session.held.pollFirst();
            session.heldBytes -= next.length;
            process(session, next, true).subscribe().with(ignored -> {
            }, failure -> LOG.debugf("Held message of %s failed: %s", session.id(), failure.getMessage()));
        }
    }

    /** Whether a message is a document update (sync step 2 or update), the kind the rate applies to. */
    private static boolean isUpdate(byte[] message) {
        try {
            Lib0Reader reader = new Lib0Reader(message);
            if (reader.readVarUintAsInt() != YMessages.SYNC) {
                return false;
            }
            int subtype = reader.readVarUintAsInt();
            return subtype == YMessages.SYNC_STEP_2 || subtype == YMessages.SYNC_UPDATE;
        } catch (RuntimeException e) {
            return false; // processing will refuse it
        }
    }

    private Uni<Void> sync(CollabSession session, Lib0Reader reader, byte[] message, boolean admitted) {
        int subtype = reader.readVarUintAsInt();
        byte[] payload = reader.readVarUint8Array();
        switch (subtype) {
            case YMessages.SYNC_STEP_1 -> {
                return documents.syncStep2(session.room, payload).invoke(session::send)
                        .onFailure().invoke(f -> session.close(malformed(f)))
                        .onFailure().recoverWithNull().replaceWithVoid();
            }
            case YMessages.SYNC_STEP_2, YMessages.SYNC_UPDATE -> {
                if (!session.canEdit()) {
                    return DONE; // read-only peer: dropped, as y-websocket does
                }
                if (!admitted && !session.updates.tryTake()) {
                    hold(session, message);
                    return DONE;
                }
                session.lastEditNanos = System.nanoTime();
                // queued in order now; the next message need not wait for this one to be stored
                documents.applyUpdate(session, payload).whenComplete((stored, failure) -> {
                    if (failure == null) {
                        presence.edited(session);
                    } else {
                        session.close(closeFor(failure));
                    }
                });
                return DONE;
            }
            default -> {
                session.close(new CloseReason(CloseCodes.MALFORMED, "unknown sync message " + subtype));
                return DONE;
            }
        }
    }

    private void awareness(CollabSession session, byte[] update) {
        List<Awareness.Entry> entries = Awareness.decode(update);
        for (Awareness.Entry e : entries) {
            try {
                mapper.readTree(e.state());
            } catch (Exception notJson) {
                throw new IllegalArgumentException("awareness state is not JSON");
            }
        }
        Room room = session.room;
        if (session.ownClientId < 0 && !entries.isEmpty()) {
            session.ownClientId = entries.get(0).clientId(); // y-websocket announces its own state first
        }
        List<Awareness.Entry> relayed = room.awareness.apply(entries, session.id(), session.subject(),
                session.ownClientId);
        if (relayed.isEmpty()) {
            return; // nothing of its own in it
        }
        byte[] out = relayed.equals(entries) ? update : Awareness.encode(relayed);
        // to everyone, the sender included: a lone client needs traffic to keep its socket alive
        room.broadcast(YMessages.awareness(out), null);
        fanOut.publishAwareness(room.prdId(), out);
        presence.awareness(session, relayed);
    }

    private static CloseReason closeFor(Throwable completion) {
        Throwable failure = Documents.cause(completion);
        if (failure instanceof MalformedUpdateException) {
            return malformed(failure);
        }
        if (failure instanceof DocumentTooLargeException) {
            return CloseCodes.DOCUMENT_TOO_LARGE;
        }
        LOG.warnf(failure, "Update could not be applied");
        return CloseCodes.STORAGE_FAILED;
    }

    private static CloseReason malformed(Throwable e) {
        String detail = e.getMessage() == null ? "" : e.getMessage();
        // a close reason is at most 123 bytes
        String reason = "malformed message: " + detail;
        return new CloseReason(CloseCodes.MALFORMED, reason.length() > 100 ? reason.substring(0, 100) : reason);
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        CompletableFuture<CollabSession> ready = sessions.remove(connection.id());
        CollabSession session = ready == null ? null : ready.getNow(null);
        if (session == null) {
            return;
        }
        session.closing = true;
        vertx.cancelTimer(session.expiryTimer);
        vertx.cancelTimer(session.recheckTimer);
        vertx.cancelTimer(session.holdTimer);
        documents.leave(session);
        presence.left(session);
    }

    private static UUID parseUuid(String s) {
        try {
            return s == null ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
