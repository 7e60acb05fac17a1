package io.prdtool.integration.access;

import java.util.UUID;

import io.prdtool.shared.events.org.OrgRole;

/** The caller as a member of an organization: token subject, prd-service user id (when known) and role. */
public record Member(UUID organizationId, String subject, UUID userId, OrgRole role) {

    public boolean administers() {
        return role.administers();
    }
}
