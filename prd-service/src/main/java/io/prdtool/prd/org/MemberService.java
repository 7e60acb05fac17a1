package io.prdtool.prd.org;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.prd.access.Access;
import io.prdtool.prd.access.OrgRole;
import io.prdtool.prd.access.Permission;
import io.prdtool.prd.common.Page;
import io.prdtool.prd.user.UserEntity;
import io.prdtool.prd.user.UserService;
import io.prdtool.shared.events.org.MemberAdded;
import io.prdtool.shared.events.org.MemberRemoved;
import io.prdtool.shared.events.org.MemberRoleChanged;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.tx.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Memberships. Two rules beyond the permission table: only owners touch the owner role, and an organization always
 * keeps at least one owner (the organization row is locked while owners are counted, so two owners demoting each
 * other at once cannot both succeed).
 */
@ApplicationScoped
public class MemberService {

    private static final String WHAT = "Organization";

    private final OrganizationRepository orgs;
    private final MembershipRepository members;
    private final UserService users;
    private final Access access;
    private final Outbox outbox;
    private final Tx tx;

    public MemberService(OrganizationRepository orgs, MembershipRepository members, UserService users, Access access,
            Outbox outbox, Tx tx) {
        this.orgs = orgs;
        this.members = members;
        this.users = users;
        this.access = access;
        this.outbox = outbox;
        this.tx = tx;
    }

    public Uni<Page<OrgApi.MemberView>> list(UUID callerId, UUID orgId, int offset, int limit) {
        return Panache.withSession(() -> access.require(orgId, callerId, Permission.ORG_READ, WHAT)
                .chain(m -> members.listWithUsers(orgId, offset, limit)))
                .map(rows -> Page.of(rows, offset, limit,
                        r -> OrgMapper.toView((MembershipEntity) r[0], (UserEntity) r[1])));
    }

    public Uni<OrgApi.MemberView> add(UUID callerId, UUID orgId, OrgApi.AddMember request) {
        OrgRole role = OrgRole.parse(request.role(), "role");
        if ((request.email() == null) == (request.userId() == null)) {
            throw ProblemException.badRequest("Give exactly one of email and userId");
        }
        return tx.write(orgId, () -> access.require(orgId, callerId, Permission.MEMBER_MANAGE, WHAT).chain(caller -> {
            if (role == OrgRole.OWNER) {
                Access.check(caller, Permission.OWNER_MANAGE);
            }
            Uni<UserEntity> user = request.email() != null
                    ? users.findOrPreProvision(request.email(), request.name())
                    : users.findById(request.userId()).onItem().ifNull()
                            .failWith(() -> ProblemException.notFound("User " + request.userId()));
            return user.chain(u -> members.find(orgId, u.id).chain(existing -> {
                if (existing != null) {
                    throw ProblemException.conflict(u.email + " is already a member (role " + existing.role + ")");
                }
                MembershipEntity m = new MembershipEntity();
                m.organizationId = orgId;
                m.userId = u.id;
                m.role = role.wire();
                m.invitedBy = callerId;
                return members.persist(m).call(members::flush)
                        .call(() -> outbox.append(new MemberAdded(orgId, u.id, u.subject, Roles.toEvent(role))))
                        .map(saved -> OrgMapper.toView(saved, u));
            }));
        }));
    }

    public Uni<OrgApi.MemberView> changeRole(UUID callerId, UUID orgId, UUID userId, OrgApi.ChangeRole request) {
        OrgRole newRole = OrgRole.parse(request.role(), "role");
        return tx.write(orgId, () -> access.require(orgId, callerId, Permission.MEMBER_MANAGE, WHAT)
                .call(() -> orgs.lock(orgId))
                .chain(caller -> target(orgId, userId).chain(m -> {
                    OrgRole oldRole = OrgRole.fromDb(m.role);
                    if (oldRole == newRole) {
                        return users.findById(userId).map(u -> OrgMapper.toView(m, u));
                    }
                    if (oldRole == OrgRole.OWNER || newRole == OrgRole.OWNER) {
                        Access.check(caller, Permission.OWNER_MANAGE);
                    }
                    return keepAnOwner(orgId, oldRole, "demote").chain(() -> {
                        m.role = newRole.wire();
                        return members.flush();
                    })
                            .chain(() -> users.findById(userId))
                            .call(u -> outbox.append(new MemberRoleChanged(orgId, userId, u.subject,
                                    Roles.toEvent(newRole), Roles.toEvent(oldRole))))
                            .map(u -> OrgMapper.toView(m, u));
                })));
    }

    /** Removes a member; any member may remove themselves (leave), except the last owner. */
    public Uni<Void> remove(UUID callerId, UUID orgId, UUID userId) {
        return tx.write(orgId, () -> access.membership(orgId, callerId, WHAT)
                .call(() -> orgs.lock(orgId))
                .chain(caller -> target(orgId, userId).chain(m -> {
                    OrgRole role = OrgRole.fromDb(m.role);
                    if (!callerId.equals(userId)) {
                        Access.check(caller, Permission.MEMBER_MANAGE);
                        if (role == OrgRole.OWNER) {
                            Access.check(caller, Permission.OWNER_MANAGE);
                        }
                    }
                    return keepAnOwner(orgId, role, "remove")
                            .chain(() -> members.delete(m))
                            .call(members::flush)
                            .chain(() -> users.findById(userId))
                            .chain(u -> outbox.append(new MemberRemoved(orgId, userId, u.subject)));
                })));
    }

    private Uni<MembershipEntity> target(UUID orgId, UUID userId) {
        return members.find(orgId, userId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Member " + userId));
    }

    private Uni<Void> keepAnOwner(UUID orgId, OrgRole currentRole, String verb) {
        if (currentRole != OrgRole.OWNER) {
            return Uni.createFrom().voidItem();
        }
        return members.countOwners(orgId).invoke(owners -> {
            if (owners <= 1) {
                throw ProblemException.conflict("Cannot " + verb + " the last owner: an organization always keeps"
                        + " at least one owner; make someone else owner first");
            }
        }).replaceWithVoid();
    }
}
