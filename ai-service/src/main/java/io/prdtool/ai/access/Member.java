package io.prdtool.ai.access;

import java.util.UUID;

import io.prdtool.shared.events.org.OrgRole;

/** The caller as a member of an organization: their token subject, prd-service user id (when known) and role. */
public record Member(UUID organizationId, String subject, UUID userId, OrgRole role) {

    /** Members, admins and owners write; viewers only read. */
    public boolean canWrite() {
        return role != OrgRole.VIEWER;
    }

    public boolean administers() {
        return role.administers();
    }
}
