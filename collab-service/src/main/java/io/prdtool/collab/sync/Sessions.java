package io.prdtool.collab.sync;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.collab.access.AccessProjection.AccessChanged;
import io.prdtool.collab.access.AccessRepository;

/**
 * The open collaboration connections of this instance, and the re-check of their access: periodically per
 * connection, and at once when this instance applies a membership or PRD change.
 */
@ApplicationScoped
public class Sessions {

    private static final Logger LOG = Logger.getLogger(Sessions.class);

    /** Connections by id; the future completes with the session once authorized (null when refused). */
    private final Map<String, CompletableFuture<CollabSession>> connections = new ConcurrentHashMap<>();

    @Inject
    AccessRepository access;

    CompletableFuture<CollabSession> opening(String connectionId) {
        CompletableFuture<CollabSession> ready = new CompletableFuture<>();
        connections.put(connectionId, ready);
        return ready;
    }

    CompletableFuture<CollabSession> get(String connectionId) {
        return connections.get(connectionId);
    }

    CompletableFuture<CollabSession> remove(String connectionId) {
        return connections.remove(connectionId);
    }

    /** Closes the session if its user lost access; applies a changed role (e.g. demoted to viewer). */
    void recheck(CollabSession session) {
        access.find(session.prdId(), session.subject()).subscribe().with(grant -> {
            if (grant.isEmpty()) {
                session.close(CloseCodes.ACCESS_REVOKED);
            } else {
                session.grant = grant.get();
            }
        }, failure -> LOG.debugf("Access re-check of %s failed: %s", session.id(), failure.getMessage()));
    }

    void onAccessChanged(@ObservesAsync AccessChanged change) {
        for (CompletableFuture<CollabSession> f : connections.values()) {
            CollabSession s = f.getNow(null);
            if (s != null && s.grant.organizationId().equals(change.organizationId())
                    && (change.subject() == null || change.subject().equals(s.subject()))) {
                recheck(s);
            }
        }
    }
}
