package io.prdtool.collab.access;

import java.util.UUID;

import io.prdtool.shared.events.org.OrgRole;

/** What a user may do with one PRD: its organization and the user's role there. Viewers are read-only. */
public record Grant(UUID prdId, UUID organizationId, String subject, OrgRole role) {

    public boolean canEdit() {
        return role != OrgRole.VIEWER;
    }
}
