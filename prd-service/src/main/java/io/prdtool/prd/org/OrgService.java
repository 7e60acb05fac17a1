package io.prdtool.prd.org;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.prd.access.Access;
import io.prdtool.prd.access.OrgRole;
import io.prdtool.prd.access.Permission;
import io.prdtool.prd.common.Page;
import io.prdtool.prd.common.Slugs;
import io.prdtool.prd.user.UserService;
import io.prdtool.shared.events.org.OrganizationCreated;
import io.prdtool.shared.events.org.OrganizationUpdated;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.tx.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class OrgService {

    private static final String WHAT = "Organization";

    private final OrganizationRepository orgs;
    private final MembershipRepository members;
    private final Access access;
    private final Outbox outbox;
    private final Tx tx;
    private final UserService users;

    public OrgService(OrganizationRepository orgs, MembershipRepository members, Access access, Outbox outbox, Tx tx,
            UserService users) {
        this.users = users;
        this.orgs = orgs;
        this.members = members;
        this.access = access;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** Creates the organization with the caller as its first owner. */
    public Uni<OrgApi.OrgView> create(UUID callerId, OrgApi.CreateOrg request) {
        String slug = Slugs.chosenOrDerived(request.slug(), request.name(), "org");
        String tier = request.subscriptionTier() == null
                ? SubscriptionTier.FREE.wire()
                : SubscriptionTier.parse(request.subscriptionTier()).wire();
        return tx.write(() -> orgs.slugTaken(slug).chain(taken -> {
            if (taken) {
                throw ProblemException.conflict("The organization slug '" + slug + "' is taken");
            }
            OrganizationEntity org = new OrganizationEntity();
            org.name = request.name().trim();
            org.slug = slug;
            org.settings = request.settings() == null ? new HashMap<>() : new HashMap<>(request.settings());
            org.subscriptionTier = tier;
            org.createdBy = callerId;
            MembershipEntity owner = new MembershipEntity();
            return orgs.persist(org).call(orgs::flush).chain(o -> {
                owner.organizationId = o.id;
                owner.userId = callerId;
                owner.role = OrgRole.OWNER.wire();
                owner.invitedBy = callerId;
                return members.persist(owner).call(members::flush).replaceWith(o);
            })
                    .call(o -> users.findById(callerId).chain(u -> outbox.append(
                            new OrganizationCreated(o.id, o.name, o.slug, callerId, u.subject))));
        })).map(o -> OrgMapper.toView(o, OrgRole.OWNER));
    }

    public Uni<Page<OrgApi.OrgView>> listMine(UUID callerId, int offset, int limit) {
        return Panache.withSession(() -> orgs.listForUser(callerId, offset, limit))
                .map(rows -> Page.of(rows, offset, limit,
                        r -> OrgMapper.toView((OrganizationEntity) r[0], OrgRole.fromDb((String) r[1]))));
    }

    public Uni<OrgApi.OrgView> get(UUID callerId, UUID orgId) {
        return Panache.withSession(() -> access.require(orgId, callerId, Permission.ORG_READ, WHAT)
                .chain(m -> orgs.findById(orgId).map(o -> OrgMapper.toView(o, m.role()))));
    }

    public Uni<OrgApi.OrgView> update(UUID callerId, UUID orgId, OrgApi.UpdateOrg request) {
        if (request.slug() != null) {
            Slugs.require(request.slug());
        }
        String tier = request.subscriptionTier() == null
                ? null
                : SubscriptionTier.parse(request.subscriptionTier()).wire();
        return tx.write(orgId, () -> access.require(orgId, callerId, Permission.ORG_UPDATE, WHAT).chain(m -> {
            if (tier != null) {
                Access.check(m, Permission.ORG_BILLING);
            }
            return orgs.findById(orgId).chain(org -> {
                Uni<Void> slugCheck = request.slug() == null || request.slug().equals(org.slug)
                        ? Uni.createFrom().voidItem()
                        : orgs.slugTaken(request.slug()).invoke(taken -> {
                            if (taken) {
                                throw ProblemException.conflict("The organization slug '" + request.slug()
                                        + "' is taken");
                            }
                        }).replaceWithVoid();
                List<String> changed = new ArrayList<>();
                return slugCheck.chain(() -> {
                    if (request.name() != null && !request.name().trim().equals(org.name)) {
                        org.name = request.name().trim();
                        changed.add("name");
                    }
                    if (request.slug() != null && !request.slug().equals(org.slug)) {
                        org.slug = request.slug();
                        changed.add("slug");
                    }
                    if (request.settings() != null && !request.settings().equals(org.settings)) {
                        org.settings = new HashMap<>(request.settings());
                        changed.add("settings");
                    }
                    if (tier != null && !tier.equals(org.subscriptionTier)) {
                        org.subscriptionTier = tier;
                        changed.add("subscriptionTier");
                    }
                    return orgs.flush().replaceWith(org);
                })
                        .call(o -> changed.isEmpty()
                                ? Uni.createFrom().voidItem()
                                : outbox.append(new OrganizationUpdated(o.id, o.name, o.slug, o.subscriptionTier,
                                        List.copyOf(changed), callerId)))
                        .map(o -> OrgMapper.toView(o, m.role()));
            });
        }));
    }
}
