package io.prdtool.prd.org;

import io.prdtool.prd.access.OrgRole;

/** Our organization role as the shared event contract spells it. */
final class Roles {

    private Roles() {
    }

    static io.prdtool.shared.events.org.OrgRole toEvent(OrgRole role) {
        return io.prdtool.shared.events.org.OrgRole.valueOf(role.name());
    }
}
