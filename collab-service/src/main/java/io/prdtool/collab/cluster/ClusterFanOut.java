package io.prdtool.collab.cluster;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Carries stored updates and awareness between collab-service instances serving the same document (Kafka, keyed by
 * PRD id).
 */
@ApplicationScoped
public class ClusterFanOut {

    /** Announces an update this instance has stored. */
    public void publishUpdate(UUID prdId, byte[] update) {
    }

    /** Announces an awareness update this instance received from one of its clients. */
    public void publishAwareness(UUID prdId, byte[] awarenessUpdate) {
    }
}
