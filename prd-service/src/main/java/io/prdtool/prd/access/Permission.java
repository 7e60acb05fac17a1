package io.prdtool.prd.access;

import static io.prdtool.prd.access.OrgRole.ADMIN;
import static io.prdtool.prd.access.OrgRole.MEMBER;
import static io.prdtool.prd.access.OrgRole.OWNER;
import static io.prdtool.prd.access.OrgRole.VIEWER;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may do what inside an organization: the one table of organization authorization. README-permissions.md
 * renders the same table for humans; PermissionTableTest keeps the two in step.
 * <p>
 * Two rules need more than a role and live next to the code that applies them: only owners grant or revoke the
 * owner role (MemberService), and named approvers of a PRD may approve it whatever their role (PrdService).
 */
public enum Permission {

    ORG_READ("Read the organization and list its members", OWNER, ADMIN, MEMBER, VIEWER), ORG_UPDATE(
            "Rename the organization, change its settings", OWNER,
            ADMIN), ORG_BILLING("Change the subscription tier", OWNER), MEMBER_MANAGE(
                    "Add members, change roles (not owner), remove members (not owners)", OWNER,
                    ADMIN), OWNER_MANAGE("Grant or revoke the owner role, remove an owner",
                            OWNER), PROJECT_READ("Read projects", OWNER, ADMIN, MEMBER, VIEWER), PROJECT_WRITE(
                                    "Create projects and edit their name, description, settings and repository", OWNER,
                                    ADMIN, MEMBER), PROJECT_ARCHIVE("Archive and unarchive projects", OWNER,
                                            ADMIN), TEMPLATE_READ("Read templates and their Markdown skeletons", OWNER,
                                                    ADMIN, MEMBER, VIEWER), TEMPLATE_WRITE(
                                                            "Create, edit, delete templates; choose the default template",
                                                            OWNER, ADMIN), PRD_READ(
                                                                    "Read PRDs, versions, diffs, exports, summaries; search",
                                                                    OWNER, ADMIN, MEMBER, VIEWER), PRD_WRITE(
                                                                            "Create PRDs, edit content and metadata, submit for review, move back to draft, create and restore versions",
                                                                            OWNER, ADMIN, MEMBER), PRD_APPROVE(
                                                                                    "Approve a PRD in review (named approvers may too); name the approvers",
                                                                                    OWNER, ADMIN), PRD_PUBLISH(
                                                                                            "Publish an approved PRD, archive and unarchive PRDs",
                                                                                            OWNER, ADMIN), PRD_DELETE(
                                                                                                    "Delete a PRD and its versions",
                                                                                                    OWNER, ADMIN);

    private final String description;
    private final Set<OrgRole> roles;

    Permission(String description, OrgRole first, OrgRole... rest) {
        this.description = description;
        this.roles = EnumSet.of(first, rest);
    }

    public boolean grantedTo(OrgRole role) {
        return roles.contains(role);
    }

    public Set<OrgRole> roles() {
        return EnumSet.copyOf(roles);
    }

    public String description() {
        return description;
    }
}
