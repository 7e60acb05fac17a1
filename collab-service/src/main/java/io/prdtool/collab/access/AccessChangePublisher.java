package io.prdtool.collab.access;

import java.util.UUID;

/**
 * Tells the other collab-service instances that access in an organization may have shrunk, once this instance has
 * applied the change to the projection they all read. Implemented by the cluster fan-out; an interface here, so that
 * the access package does not depend on the cluster package (which depends on this one for {@link
 * AccessProjection.AccessChanged}).
 */
public interface AccessChangePublisher {

    /** Access in {@code organizationId} may have shrunk for {@code subject}, or for everyone when it is null. */
    void publishAccessChanged(UUID organizationId, String subject);
}
