package io.prdtool.collab.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.prdtool.collab.crdt.Updates;
import io.prdtool.collab.crdt.YDoc;
import io.prdtool.collab.crdt.YText;
import io.prdtool.collab.crdt.lib0.Lib0Reader;
import io.prdtool.collab.sync.Awareness;
import io.prdtool.collab.sync.YMessages;

/**
 * A y-websocket client built on our own engine (the Node interop test uses real Yjs): syncs a {@link YDoc} with the
 * server, sends its local changes as updates, records awareness, auth messages and how the socket was closed.
 */
public final class YClient implements WebSocket.Listener, AutoCloseable {

    private static final Object REMOTE = new Object();

    public final YDoc doc = new YDoc();
    public final CompletableFuture<Void> synced = new CompletableFuture<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    public volatile String closeReason;
    public final List<String> denied = new CopyOnWriteArrayList<>();
    public final Map<Long, String> awareness = new ConcurrentHashMap<>();
    /** The last awareness clock received per client id (removals included). */
    public final Map<Long, Long> awarenessClocks = new ConcurrentHashMap<>();
    public final List<byte[]> updatesReceived = new CopyOnWriteArrayList<>();

    private WebSocket ws;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    private YClient() {
        doc.onUpdate((update, origin, local) -> {
            if (origin != REMOTE) {
                send(YMessages.update(update));
            }
        });
    }

    public static URI url(int port, UUID prdId, String token) {
        String query = token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return URI.create("ws://localhost:" + port + "/collab/" + prdId + query);
    }

    public static YClient connect(URI uri) {
        YClient client = new YClient();
        client.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client).join();
        client.send(YMessages.syncStep1(client.stateVector()));
        return client;
    }

    /** Connects and waits until the server's sync step 2 arrived. */
    public static YClient connectSynced(URI uri) {
        YClient client = connect(uri);
        client.synced.orTimeout(15, TimeUnit.SECONDS).join();
        return client;
    }

    public synchronized byte[] stateVector() {
        return Updates.encodeStateVector(doc);
    }

    public synchronized void insert(int index, String text) {
        doc.getText("content").insert(index, text);
    }

    public synchronized void format(int index, int length, Map<String, Object> attributes) {
        doc.getText("content").format(index, length, attributes);
    }

    public synchronized String text() {
        return doc.getText("content").toString();
    }

    public synchronized YText content() {
        return doc.getText("content");
    }

    /** Sends this client's awareness state (a JSON object) under its client id. */
    public void setAwareness(long clock, String stateJson) {
        send(YMessages.awareness(Awareness.encode(List.of(new Awareness.Entry(doc.clientId(), clock, stateJson)))));
    }

    public synchronized void send(byte[] message) {
        if (ws == null) {
            return;
        }
        WebSocket socket = ws;
        sending = sending.handle((x, e) -> null).thenCompose(x -> socket.sendBinary(ByteBuffer.wrap(message), true));
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** While set, the client stops reading (the server's messages back up in the socket and in the server). */
    private volatile boolean paused;
    private volatile boolean demandHeld;

    public void pauseReading() {
        paused = true;
    }

    public void resumeReading() {
        paused = false;
        if (demandHeld) {
            demandHeld = false;
            ws.request(1);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partial.writeBytes(chunk);
        if (last) {
            byte[] message = partial.toByteArray();
            partial.reset();
            handle(message);
        }
        if (paused) {
            demandHeld = true;
        } else {
            webSocket.request(1);
        }
        return null;
    }

    private void handle(byte[] message) {
        Lib0Reader r = new Lib0Reader(message);
        int type = r.readVarUintAsInt();
        switch (type) {
            case YMessages.SYNC -> {
                int sub = r.readVarUintAsInt();
                byte[] payload = r.readVarUint8Array();
                if (sub == YMessages.SYNC_STEP_1) {
                    byte[] reply;
                    synchronized (this) {
                        reply = Updates.encodeStateAsUpdate(doc, payload);
                    }
                    send(YMessages.syncStep2(reply));
                } else {
                    synchronized (this) {
                        Updates.applyUpdate(doc, payload, REMOTE);
                    }
                    if (sub == YMessages.SYNC_STEP_2) {
                        synced.complete(null);
                    } else {
                        updatesReceived.add(payload);
                    }
                }
            }
            case YMessages.AWARENESS -> {
                for (Awareness.Entry e : Awareness.decode(r.readVarUint8Array())) {
                    awarenessClocks.put(e.clientId(), e.clock());
                    if (e.removed()) {
                        awareness.remove(e.clientId());
                    } else {
                        awareness.put(e.clientId(), e.state());
                    }
                }
            }
            case YMessages.AUTH -> {
                r.readVarUintAsInt();
                denied.add(r.readVarString());
            }
            default -> {
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeReason = String.valueOf(error);
        closed.complete(-1);
    }

    @Override
    public void close() {
        if (!closed.isDone() && ws != null) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                ws.abort();
            }
        }
    }
}
