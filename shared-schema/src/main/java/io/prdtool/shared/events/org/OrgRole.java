package io.prdtool.shared.events.org;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A member's role in an organization, lowercase on the wire. */
public enum OrgRole {

    @JsonProperty("owner")
    OWNER, @JsonProperty("admin")
    ADMIN, @JsonProperty("member")
    MEMBER, @JsonProperty("viewer")
    VIEWER;

    /** Owners and admins administer the organization (audit logs, members, settings). */
    public boolean administers() {
        return this == OWNER || this == ADMIN;
    }
}
