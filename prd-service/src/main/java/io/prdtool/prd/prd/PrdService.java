package io.prdtool.prd.prd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import io.prdtool.prd.access.Access;
import io.prdtool.prd.access.Membership;
import io.prdtool.prd.access.Permission;
import io.prdtool.prd.common.Hashes;
import io.prdtool.prd.common.Page;
import io.prdtool.prd.common.Slugs;
import io.prdtool.prd.org.MembershipRepository;
import io.prdtool.prd.project.ProjectEntity;
import io.prdtool.prd.project.ProjectRepository;
import io.prdtool.prd.project.ProjectService;
import io.prdtool.prd.template.TemplateService;
import io.prdtool.prd.template.TemplateStructure;
import io.prdtool.prd.version.SemVer;
import io.prdtool.prd.version.VersionEvents;
import io.prdtool.prd.version.VersionRepository;
import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.prd.PrdApproved;
import io.prdtool.shared.events.prd.PrdCreated;
import io.prdtool.shared.events.prd.PrdDeleted;
import io.prdtool.shared.events.prd.PrdStatusChanged;
import io.prdtool.shared.events.prd.PrdUpdated;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.prdtool.shared.tx.Tx;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** PRDs: creation (from templates), edits, the status workflow and approvals. */
@ApplicationScoped
public class PrdService {

    public static final String WHAT = "PRD";

    private final PrdRepository prds;
    private final ProjectRepository projects;
    private final MembershipRepository memberships;
    private final VersionRepository versions;
    private final TemplateService templates;
    private final Access access;
    private final Outbox outbox;
    private final Tx tx;
    private final Validator validator;
    private final PrdReads reads;

    public PrdService(PrdRepository prds, ProjectRepository projects, MembershipRepository memberships,
            VersionRepository versions, TemplateService templates, Access access, Outbox outbox, Tx tx,
            Validator validator, PrdReads reads) {
        this.validator = validator;
        this.reads = reads;
        this.prds = prds;
        this.projects = projects;
        this.memberships = memberships;
        this.versions = versions;
        this.templates = templates;
        this.access = access;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** A PRD as loaded for a caller: with their membership in its organization and its project. */
    public record Loaded(PrdEntity prd, Membership membership, ProjectEntity project) {
    }

    /** Loads the PRD for the caller; 404 if it does not exist or belongs to another tenant, 403 without permission. */
    public Uni<Loaded> load(UUID callerId, UUID prdId, Permission permission) {
        return prds.findById(prdId).onItem().ifNull().failWith(() -> ProblemException.notFound(WHAT))
                .chain(p -> access.require(p.organizationId, callerId, permission, WHAT)
                        .chain(m -> projects.findById(p.projectId).map(project -> new Loaded(p, m, project))));
    }

    /** For writes: additionally refuses PRDs of archived projects. */
    public Uni<Loaded> loadWritable(UUID callerId, UUID prdId, Permission permission) {
        return load(callerId, prdId, permission).invoke(l -> ProjectService.requireWritable(l.project()));
    }

    /**
     * Loads a PRD entity for reading: every role may read, so membership is the only check, joined into the same
     * query (one round trip).
     */
    public Uni<PrdEntity> loadForRead(UUID callerId, UUID prdId) {
        return prds.findForMember(prdId, callerId).onItem().ifNull().failWith(() -> ProblemException.notFound(WHAT));
    }

    /** The hot read path: one read-only statement, no Hibernate session (see {@link PrdReads}). */
    public Uni<PrdApi.PrdView> get(UUID callerId, UUID prdId) {
        return reads.get(callerId, prdId).onItem().ifNull().failWith(() -> ProblemException.notFound(WHAT));
    }

    public Uni<Page<PrdApi.PrdListItem>> list(UUID callerId, UUID projectId, String status, int offset, int limit) {
        String statusFilter = status == null ? null : PrdStatus.parse(status).wire();
        return reads.list(callerId, projectId, statusFilter, offset, limit + 1).map(page -> {
            if (page == null) {
                throw ProblemException.notFound("Project");
            }
            Access.check(new Membership(null, callerId, page.role()), Permission.PRD_READ);
            return Page.of(page.rows(), offset, limit, item -> item);
        });
    }

    public Uni<PrdApi.PrdView> create(UUID callerId, UUID projectId, PrdApi.CreatePrd request) {
        return create(callerId, projectId, request, "Initial version");
    }

    /** What a caller gives next to an imported document (JSON or form fields); each wins over the front matter. */
    public record ImportOverrides(String title, String slug, UUID templateId, Map<String, Object> metadata,
            List<UUID> approverIds, String filename) {
    }

    /**
     * Creates a PRD from a Markdown document: the same checks, rows and events as {@link #create}, with the fields
     * taken from the overrides, else the front matter. The title falls back to the document's first {@code # }
     * heading, then to the uploaded file's name.
     */
    public Uni<PrdApi.PrdView> importMarkdown(UUID callerId, UUID projectId, MarkdownImport.Document document,
            ImportOverrides overrides) {
        String title = firstNonNull(overrides.title(), document.title(),
                MarkdownImport.firstHeading(document.body()), MarkdownImport.titleFromFilename(overrides.filename()));
        if (title == null) {
            throw new MarkdownImport.Refused("title", "the document has no title: give one in the front matter"
                    + " (title: ...), as a first '# ' heading, or as the title field");
        }
        PrdApi.CreatePrd request = new PrdApi.CreatePrd(title,
                firstNonNull(overrides.slug(), document.slug()), document.body(),
                firstNonNull(overrides.metadata(), document.metadata()),
                firstNonNull(overrides.templateId(), document.templateId()),
                firstNonNull(overrides.approverIds(), document.approverIds()));
        Set<ConstraintViolation<PrdApi.CreatePrd>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return create(callerId, projectId, request, "Imported from Markdown");
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private Uni<PrdApi.PrdView> create(UUID callerId, UUID projectId, PrdApi.CreatePrd request, String changelog) {
        if (request.slug() != null) {
            Slugs.require(request.slug());
        }
        return tx.write(() -> projects.findById(projectId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Project"))
                .chain(project -> access.require(project.organizationId, callerId, Permission.PRD_WRITE, "Project")
                        .chain(m -> {
                            ProjectService.requireWritable(project);
                            if (request.approverIds() != null && !request.approverIds().isEmpty()) {
                                Access.check(m, Permission.PRD_APPROVE);
                            }
                            return requireMembers(project.organizationId, request.approverIds());
                        })
                        .chain(() -> templates.forNewPrd(project.organizationId, request.templateId()))
                        .chain(template -> slugFor(projectId, request).chain(slug -> {
                            PrdEntity prd = new PrdEntity();
                            prd.organizationId = project.organizationId;
                            prd.projectId = projectId;
                            prd.title = request.title().trim();
                            prd.slug = slug;
                            prd.templateId = template == null ? null : template.id;
                            prd.content = request.content() != null
                                    ? request.content()
                                    : template != null
                                            ? TemplateStructure.fromJson(template.structure).skeleton(prd.title)
                                            : "# " + prd.title + "\n";
                            prd.contentHash = Hashes.sha256(prd.content);
                            prd.metadata = request.metadata() == null
                                    ? new HashMap<>()
                                    : new HashMap<>(request.metadata());
                            prd.approverIds = distinct(request.approverIds());
                            prd.currentVersion = SemVer.INITIAL.toString();
                            prd.createdBy = callerId;
                            prd.updatedBy = callerId;
                            return prds.persist(prd).call(prds::flush);
                        }))
                        .chain(prd -> versions.record(prd.id, prd.currentVersion, prd.content, changelog,
                                null, callerId)
                                .call(v -> outbox.append(new PrdCreated(prd.id, prd.organizationId, prd.projectId,
                                        prd.title, prd.slug, prd.status, prd.currentVersion, prd.templateId,
                                        prd.contentHash, callerId, List.of(prd.approverIds))))
                                .call(v -> outbox.append(VersionEvents.created(prd, v, null, "initial", null,
                                        callerId)))
                                .replaceWith(prd))))
                .map(PrdMapper::toView);
    }

    public Uni<PrdApi.PrdView> update(UUID callerId, UUID prdId, PrdApi.UpdatePrd request) {
        if (request.slug() != null) {
            Slugs.require(request.slug());
        }
        return tx.write(() -> loadWritable(callerId, prdId, Permission.PRD_WRITE).chain(l -> {
            PrdEntity prd = l.prd();
            if (prd.statusValue() == PrdStatus.ARCHIVED) {
                throw new ProblemException(ProblemType.CONFLICT,
                        "This PRD is archived and read-only; move it back to draft first", List.of("draft"));
            }
            Uni<Void> slugCheck = request.slug() == null || request.slug().equals(prd.slug)
                    ? Uni.createFrom().voidItem()
                    : prds.slugTaken(prd.projectId, request.slug()).invoke(taken -> {
                        if (taken) {
                            throw ProblemException.conflict("The PRD slug '" + request.slug()
                                    + "' is taken in this project");
                        }
                    }).replaceWithVoid();
            return slugCheck.chain(() -> {
                List<String> changed = new ArrayList<>();
                List<DomainEvent> events = new ArrayList<>();
                if (request.title() != null && !request.title().trim().equals(prd.title)) {
                    prd.title = request.title().trim();
                    changed.add("title");
                }
                if (request.slug() != null && !request.slug().equals(prd.slug)) {
                    prd.slug = request.slug();
                    changed.add("slug");
                }
                if (request.metadata() != null && !request.metadata().equals(prd.metadata)) {
                    prd.metadata = new HashMap<>(request.metadata());
                    changed.add("metadata");
                }
                if (request.content() != null) {
                    ContentChange.Result r = ContentChange.apply(prd, request.content(), callerId,
                            ContentChange.SOURCE_API);
                    if (r.changed()) {
                        changed.add("content");
                        events.addAll(r.events());
                    }
                }
                if (changed.isEmpty()) {
                    return Uni.createFrom().item(prd);
                }
                prd.updatedBy = callerId;
                events.add(0, new PrdUpdated(prd.id, prd.organizationId, prd.projectId, prd.title, prd.slug,
                        prd.contentHash, List.copyOf(changed), ContentChange.SOURCE_API, callerId,
                        List.of(prd.approverIds)));
                return prds.flush().chain(() -> appendAll(events)).replaceWith(prd);
            });
        })).map(PrdMapper::toView);
    }

    public Uni<PrdApi.PrdView> changeStatus(UUID callerId, UUID prdId, PrdApi.ChangeStatus request) {
        PrdStatus target = PrdStatus.parse(request.status());
        if (target == PrdStatus.APPROVED) {
            return approve(callerId, prdId, new PrdApi.Approve(null));
        }
        return tx.write(() -> loadWritable(callerId, prdId, Permission.PRD_WRITE).chain(l -> {
            PrdEntity prd = l.prd();
            PrdStatus from = prd.statusValue();
            requireTransition(from, target);
            Access.check(l.membership(), from.permissionToMoveTo(target));
            if (target == PrdStatus.IN_REVIEW && prd.templateId != null) {
                return templates.forNewPrd(prd.organizationId, prd.templateId).chain(t -> {
                    List<String> missing = t == null
                            ? List.of()
                            : TemplateStructure.fromJson(t.structure).missingRequiredSections(prd.content);
                    if (!missing.isEmpty()) {
                        throw new ProblemException(ProblemType.UNPROCESSABLE,
                                "Required sections are missing (add a '## <title>' heading for each): " + missing);
                    }
                    return moveTo(prd, from, target, callerId);
                });
            }
            return moveTo(prd, from, target, callerId);
        })).map(PrdMapper::toView);
    }

    private Uni<PrdEntity> moveTo(PrdEntity prd, PrdStatus from, PrdStatus target, UUID callerId) {
        prd.status = target.wire();
        prd.updatedBy = callerId;
        if (target == PrdStatus.DRAFT) {
            // back to draft: whatever was approved must be approved again
            ContentChange.clearApproval(prd);
        }
        return prds.flush()
                .chain(() -> outbox.append(new PrdStatusChanged(prd.id, prd.organizationId, prd.projectId,
                        from.wire(), target.wire(), callerId)))
                .replaceWith(prd);
    }

    /**
     * Approves a PRD in review. Allowed to owners and admins, and to the PRD's named approvers whatever their role.
     * The approval records who, when, and the SHA-256 of the content approved; a later content change voids it.
     */
    public Uni<PrdApi.PrdView> approve(UUID callerId, UUID prdId, PrdApi.Approve request) {
        return tx.write(() -> loadWritable(callerId, prdId, Permission.PRD_READ).chain(l -> {
            PrdEntity prd = l.prd();
            boolean namedApprover = prd.approverIds != null && Set.of(prd.approverIds).contains(callerId);
            if (!namedApprover) {
                Access.check(l.membership(), Permission.PRD_APPROVE);
            }
            PrdStatus from = prd.statusValue();
            requireTransition(from, PrdStatus.APPROVED);
            String hash = prd.contentHash;
            if (request != null && request.contentHash() != null && !request.contentHash().equals(hash)) {
                throw ProblemException.conflict("The PRD changed since you reviewed it (content hash " + hash
                        + "); review the current content and approve again");
            }
            Instant now = Instant.now();
            prd.status = PrdStatus.APPROVED.wire();
            prd.approvedBy = callerId;
            prd.approvedAt = now;
            prd.approvedContentHash = hash;
            prd.updatedBy = callerId;
            return prds.flush()
                    .chain(() -> outbox.append(new PrdStatusChanged(prd.id, prd.organizationId, prd.projectId,
                            from.wire(), PrdStatus.APPROVED.wire(), callerId)))
                    .chain(() -> outbox.append(new PrdApproved(prd.id, prd.organizationId, prd.projectId, callerId,
                            now, hash, prd.currentVersion)))
                    .replaceWith(prd);
        })).map(PrdMapper::toView);
    }

    public Uni<PrdApi.PrdView> setApprovers(UUID callerId, UUID prdId, PrdApi.SetApprovers request) {
        return tx.write(() -> loadWritable(callerId, prdId, Permission.PRD_APPROVE).chain(l -> {
            PrdEntity prd = l.prd();
            return requireMembers(prd.organizationId, request.userIds()).chain(() -> {
                UUID[] approvers = distinct(request.userIds());
                if (Set.of(approvers).equals(Set.of(prd.approverIds))) {
                    return Uni.createFrom().item(prd);
                }
                prd.approverIds = approvers;
                prd.updatedBy = callerId;
                return prds.flush()
                        .chain(() -> outbox.append(new PrdUpdated(prd.id, prd.organizationId, prd.projectId,
                                prd.title, prd.slug, prd.contentHash, List.of("approvers"),
                                ContentChange.SOURCE_API, callerId, List.of(prd.approverIds))))
                        .replaceWith(prd);
            });
        })).map(PrdMapper::toView);
    }

    public Uni<Void> delete(UUID callerId, UUID prdId) {
        return tx.write(() -> loadWritable(callerId, prdId, Permission.PRD_DELETE).chain(l -> {
            PrdEntity prd = l.prd();
            return prds.delete(prd).call(prds::flush)
                    .chain(() -> outbox.append(new PrdDeleted(prd.id, prd.organizationId, prd.projectId, prd.title,
                            callerId)));
        }));
    }

    public Uni<Void> appendAll(List<DomainEvent> events) {
        return Multi.createFrom().iterable(events).onItem().transformToUniAndConcatenate(outbox::append)
                .collect().last().replaceWithVoid();
    }

    static void requireTransition(PrdStatus from, PrdStatus to) {
        if (!from.canMoveTo(to)) {
            throw new ProblemException(ProblemType.INVALID_TRANSITION,
                    "A PRD cannot move from " + from.wire() + " to " + to.wire() + "; allowed from "
                            + from.wire() + ": " + from.nextWire(),
                    from.nextWire());
        }
    }

    private Uni<String> slugFor(UUID projectId, PrdApi.CreatePrd request) {
        if (request.slug() != null) {
            return prds.slugTaken(projectId, request.slug()).map(taken -> {
                if (taken) {
                    throw ProblemException.conflict("The PRD slug '" + request.slug() + "' is taken in this project");
                }
                return request.slug();
            });
        }
        String base = Slugs.fromTitle(request.title(), "prd");
        return prds.slugsLike(projectId, base).map(taken -> {
            if (!taken.contains(base)) {
                return base;
            }
            int n = 2;
            while (taken.contains(base + "-" + n)) {
                n++;
            }
            return base + "-" + n;
        });
    }

    private Uni<Void> requireMembers(UUID orgId, List<UUID> userIds) {
        if (userIds == null || userIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<UUID> ids = new LinkedHashSet<>(userIds);
        return memberships.count("organizationId = ?1 and userId in ?2", orgId, List.copyOf(ids)).invoke(n -> {
            if (n != ids.size()) {
                throw ProblemException.badRequest("Every approver must be a member of the organization");
            }
        }).replaceWithVoid();
    }

    private static UUID[] distinct(List<UUID> ids) {
        return ids == null ? new UUID[0] : new LinkedHashSet<>(ids).toArray(UUID[]::new);
    }
}
