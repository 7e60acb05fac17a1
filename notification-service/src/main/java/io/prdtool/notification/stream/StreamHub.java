package io.prdtool.notification.stream;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.prdtool.notification.notification.NotificationRepository;
import io.prdtool.notification.notification.NotificationView;

/**
 * The open notification streams of this instance, by recipient. Waking a recipient makes each of their streams read
 * the notifications after the last one it sent (one read at a time per stream; a wake during a read reads again).
 */
@ApplicationScoped
public class StreamHub {

    private static final Logger LOG = Logger.getLogger(StreamHub.class);
    static final int BATCH = 100;

    @Inject
    NotificationRepository notifications;

    private final Map<UUID, Set<Session>> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    @Inject
    void metrics(MeterRegistry registry) {
        registry.gauge("prdtool.notification.streams.open", open);
    }

    /** One open stream: it sends each notification after {@code lastSeq} once, in order. */
    public final class Session {

        private final UUID recipientId;
        private final Consumer<NotificationView> send;
        private volatile long lastSeq;
        private final AtomicBoolean reading = new AtomicBoolean();
        private final AtomicBoolean again = new AtomicBoolean();
        private volatile boolean closed;

        Session(UUID recipientId, long lastSeq, Consumer<NotificationView> send) {
            this.recipientId = recipientId;
            this.lastSeq = lastSeq;
            this.send = send;
        }

        public void wake() {
            if (closed) {
                return;
            }
            if (!reading.compareAndSet(false, true)) {
                again.set(true);
                return;
            }
            again.set(false);
            notifications.since(recipientId, lastSeq, BATCH).subscribe().with(this::sendAll, f -> {
                reading.set(false);
                LOG.debugf("Stream read for %s failed: %s", recipientId, f.getMessage());
            });
        }

        private void sendAll(List<NotificationView> batch) {
            for (NotificationView n : batch) {
                if (closed) {
                    break;
                }
                if (n.seq() > lastSeq) {
                    lastSeq = n.seq();
                    send.accept(n);
                }
            }
            reading.set(false);
            if (again.get() || batch.size() == BATCH) {
                wake();
            }
        }

        public void close() {
            closed = true;
            Set<Session> mine = sessions.get(recipientId);
            if (mine != null && mine.remove(this)) {
                open.decrementAndGet();
            }
        }
    }

    /** Opens a stream that starts after {@code lastSeq} and reads what it missed at once. */
    public Session open(UUID recipientId, long lastSeq, Consumer<NotificationView> send) {
        Session s = new Session(recipientId, lastSeq, send);
        sessions.computeIfAbsent(recipientId, id -> ConcurrentHashMap.newKeySet()).add(s);
        open.incrementAndGet();
        s.wake();
        return s;
    }

    public void wake(UUID recipientId) {
        Set<Session> mine = sessions.get(recipientId);
        if (mine != null) {
            mine.forEach(Session::wake);
        }
    }

    public void wakeAll() {
        sessions.values().forEach(set -> set.forEach(Session::wake));
    }
}
