package io.prdtool.prd.org;

import java.util.Map;

import io.prdtool.prd.access.OrgRole;
import io.prdtool.prd.user.UserEntity;

final class OrgMapper {

    private OrgMapper() {
    }

    static OrgApi.OrgView toView(OrganizationEntity o, OrgRole callerRole) {
        return new OrgApi.OrgView(o.id, o.name, o.slug, o.settings == null ? Map.of() : o.settings,
                o.subscriptionTier, callerRole.wire(), o.createdAt, o.updatedAt);
    }

    static OrgApi.MemberView toView(MembershipEntity m, UserEntity u) {
        return new OrgApi.MemberView(u.id, u.email, u.name, u.avatarUrl, m.role, u.subject == null, m.invitedBy,
                m.joinedAt);
    }
}
