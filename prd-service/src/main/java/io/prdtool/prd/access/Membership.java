package io.prdtool.prd.access;

import java.util.UUID;

/** The caller's standing in one organization, as established by {@link Access}. */
public record Membership(UUID organizationId, UUID userId, OrgRole role) {

    public boolean can(Permission permission) {
        return permission.grantedTo(role);
    }
}
