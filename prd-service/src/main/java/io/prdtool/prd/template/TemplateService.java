package io.prdtool.prd.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.prd.access.Access;
import io.prdtool.prd.access.Membership;
import io.prdtool.prd.access.Permission;
import io.prdtool.prd.common.Page;
import io.prdtool.shared.events.prd.TemplateCreated;
import io.prdtool.shared.events.prd.TemplateDeleted;
import io.prdtool.shared.events.prd.TemplateUpdated;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.tx.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;

/** Org-scoped templates; at most one is the organization's default (also enforced by a unique partial index). */
@ApplicationScoped
public class TemplateService {

    static final String WHAT = "Template";

    private final TemplateRepository templates;
    private final Access access;
    private final Outbox outbox;
    private final Tx tx;

    public TemplateService(TemplateRepository templates, Access access, Outbox outbox, Tx tx) {
        this.templates = templates;
        this.access = access;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** The template and the caller's membership (404 for another tenant's template). */
    public Uni<Tuple2<TemplateEntity, Membership>> load(UUID callerId, UUID templateId, Permission permission) {
        return templates.findById(templateId).onItem().ifNull().failWith(() -> ProblemException.notFound(WHAT))
                .chain(t -> access.require(t.organizationId, callerId, permission, WHAT).map(m -> Tuple2.of(t, m)));
    }

    /** A template of {@code orgId} (explicit), else the org's default, else null; runs in the caller's session. */
    public Uni<TemplateEntity> forNewPrd(UUID orgId, UUID templateId) {
        if (templateId == null) {
            return templates.findDefault(orgId);
        }
        return templates.findById(templateId).invoke(t -> {
            if (t == null || !t.organizationId.equals(orgId)) {
                throw ProblemException.badRequest("templateId " + templateId
                        + " is not a template of this organization");
            }
        });
    }

    public Uni<TemplateApi.TemplateView> create(UUID callerId, UUID orgId, TemplateApi.CreateTemplate request) {
        request.structure().requireUniqueTitles();
        boolean makeDefault = Boolean.TRUE.equals(request.isDefault());
        return tx.write(orgId, () -> access.require(orgId, callerId, Permission.TEMPLATE_WRITE, "Organization")
                .chain(() -> templates.nameTaken(orgId, request.name().trim()))
                .chain(taken -> {
                    if (taken) {
                        throw ProblemException.conflict("A template named '" + request.name().trim()
                                + "' already exists in this organization");
                    }
                    return makeDefault ? templates.clearDefault(orgId).replaceWithVoid() : Uni.createFrom().voidItem();
                })
                .chain(() -> {
                    TemplateEntity t = new TemplateEntity();
                    t.organizationId = orgId;
                    t.name = request.name().trim();
                    t.description = blankToNull(request.description());
                    t.structure = request.structure().toJson();
                    t.isDefault = makeDefault;
                    t.createdBy = callerId;
                    return templates.persist(t).call(templates::flush);
                })
                .call(t -> outbox.append(new TemplateCreated(t.id, orgId, t.name, t.isDefault,
                        request.structure().sections().size(), callerId, request.structure().requiredTitles()))))
                .map(TemplateService::toView);
    }

    public Uni<Page<TemplateApi.TemplateView>> list(UUID callerId, UUID orgId, int offset, int limit) {
        return Panache.withSession(() -> access.require(orgId, callerId, Permission.TEMPLATE_READ, "Organization")
                .chain(() -> templates.list(orgId, offset, limit + 1)))
                .map(rows -> Page.of(rows, offset, limit, TemplateService::toView));
    }

    public Uni<TemplateApi.TemplateView> get(UUID callerId, UUID templateId) {
        return Panache.withSession(() -> load(callerId, templateId, Permission.TEMPLATE_READ))
                .map(t -> toView(t.getItem1()));
    }

    public Uni<String> skeleton(UUID callerId, UUID templateId, String title) {
        return Panache.withSession(() -> load(callerId, templateId, Permission.TEMPLATE_READ))
                .map(t -> TemplateStructure.fromJson(t.getItem1().structure).skeleton(title));
    }

    public Uni<TemplateApi.TemplateView> update(UUID callerId, UUID templateId, TemplateApi.UpdateTemplate request) {
        if (request.structure() != null) {
            request.structure().requireUniqueTitles();
        }
        return tx.write(() -> load(callerId, templateId, Permission.TEMPLATE_WRITE).chain(loaded -> {
            TemplateEntity t = loaded.getItem1();
            List<String> changed = new ArrayList<>();
            String newName = request.name() == null ? t.name : request.name().trim();
            Uni<Void> nameCheck = newName.equalsIgnoreCase(t.name)
                    ? Uni.createFrom().voidItem()
                    : templates.nameTaken(t.organizationId, newName).invoke(taken -> {
                        if (taken) {
                            throw ProblemException.conflict("A template named '" + newName
                                    + "' already exists in this organization");
                        }
                    }).replaceWithVoid();
            boolean becomesDefault = Boolean.TRUE.equals(request.isDefault()) && !t.isDefault;
            return nameCheck
                    .chain(() -> becomesDefault
                            ? templates.clearDefault(t.organizationId).replaceWithVoid()
                            : Uni.createFrom().voidItem())
                    .chain(() -> {
                        if (!newName.equals(t.name)) {
                            t.name = newName;
                            changed.add("name");
                        }
                        if (request.description() != null
                                && !Objects.equals(blankToNull(request.description()), t.description)) {
                            t.description = blankToNull(request.description());
                            changed.add("description");
                        }
                        if (request.structure() != null && !request.structure().toJson().equals(t.structure)) {
                            t.structure = request.structure().toJson();
                            changed.add("structure");
                        }
                        if (request.isDefault() != null && request.isDefault() != t.isDefault) {
                            t.isDefault = request.isDefault();
                            changed.add("isDefault");
                        }
                        return templates.flush();
                    })
                    .chain(() -> changed.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : outbox.append(templateUpdated(t, List.copyOf(changed), callerId)))
                    .replaceWith(t);
        })).map(TemplateService::toView);
    }

    private static TemplateUpdated templateUpdated(TemplateEntity t, List<String> changed, UUID callerId) {
        TemplateStructure structure = TemplateStructure.fromJson(t.structure);
        return new TemplateUpdated(t.id, t.organizationId, t.name, t.isDefault, structure.sections().size(), changed,
                callerId, structure.requiredTitles());
    }

    public Uni<Void> delete(UUID callerId, UUID templateId) {
        return tx.write(() -> load(callerId, templateId, Permission.TEMPLATE_WRITE).chain(loaded -> {
            TemplateEntity t = loaded.getItem1();
            // PRDs keep their content; the foreign key sets their template_id to null
            return templates.delete(t).call(templates::flush)
                    .chain(() -> outbox.append(new TemplateDeleted(t.id, t.organizationId, t.name, callerId)));
        }));
    }

    static TemplateApi.TemplateView toView(TemplateEntity t) {
        return new TemplateApi.TemplateView(t.id, t.organizationId, t.name, t.description,
                TemplateStructure.fromJson(t.structure), t.isDefault, t.createdBy, t.createdAt, t.updatedAt);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
