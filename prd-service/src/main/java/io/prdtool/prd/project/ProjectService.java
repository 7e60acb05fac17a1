package io.prdtool.prd.project;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.prd.access.Access;
import io.prdtool.prd.access.Membership;
import io.prdtool.prd.access.Permission;
import io.prdtool.prd.common.Page;
import io.prdtool.prd.common.Slugs;
import io.prdtool.prd.common.Urls;
import io.prdtool.shared.events.project.ProjectArchived;
import io.prdtool.shared.events.project.ProjectCreated;
import io.prdtool.shared.events.project.ProjectUnarchived;
import io.prdtool.shared.events.project.ProjectUpdated;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.prdtool.shared.tx.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;

@ApplicationScoped
public class ProjectService {

    static final String WHAT = "Project";

    private final ProjectRepository projects;
    private final Access access;
    private final Outbox outbox;
    private final Tx tx;

    public ProjectService(ProjectRepository projects, Access access, Outbox outbox, Tx tx) {
        this.projects = projects;
        this.access = access;
        this.outbox = outbox;
        this.tx = tx;
    }

    /**
     * The project and the caller's membership in its organization (404 when either is missing: a project of another
     * tenant does not exist for the caller). Runs in the caller's session.
     */
    public Uni<Tuple2<ProjectEntity, Membership>> load(UUID callerId, UUID projectId, Permission permission) {
        return projects.findById(projectId).onItem().ifNull().failWith(() -> ProblemException.notFound(WHAT))
                .chain(p -> access.require(p.organizationId, callerId, permission, WHAT)
                        .map(m -> Tuple2.of(p, m)));
    }

    /** Archived projects are read-only: every write to them or to their PRDs goes through this check. */
    public static void requireWritable(ProjectEntity project) {
        if (project.archived) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "Project '" + project.slug + "' is archived and read-only; unarchive it first");
        }
    }

    public Uni<ProjectApi.ProjectView> create(UUID callerId, UUID orgId, ProjectApi.CreateProject request) {
        String slug = Slugs.chosenOrDerived(request.slug(), request.name(), "project");
        if (request.gitRepoUrl() != null && !request.gitRepoUrl().isEmpty()) {
            Urls.requireGitRepo(request.gitRepoUrl());
        }
        return tx.write(orgId, () -> access.require(orgId, callerId, Permission.PROJECT_WRITE, "Organization")
                .chain(() -> projects.slugTaken(orgId, slug))
                .chain(taken -> {
                    if (taken) {
                        throw ProblemException
                                .conflict("The project slug '" + slug + "' is taken in this organization");
                    }
                    ProjectEntity p = new ProjectEntity();
                    p.organizationId = orgId;
                    p.name = request.name().trim();
                    p.slug = slug;
                    p.description = emptyToNull(request.description());
                    p.settings = request.settings() == null ? new HashMap<>() : new HashMap<>(request.settings());
                    p.gitRepoUrl = emptyToNull(request.gitRepoUrl());
                    p.createdBy = callerId;
                    return projects.persist(p).call(projects::flush);
                })
                .call(p -> outbox.append(new ProjectCreated(p.id, orgId, p.name, p.slug, p.description,
                        p.gitRepoUrl, callerId))))
                .map(ProjectService::toView);
    }

    public Uni<Page<ProjectApi.ProjectView>> list(UUID callerId, UUID orgId, boolean includeArchived, int offset,
            int limit) {
        return Panache.withSession(() -> access.require(orgId, callerId, Permission.PROJECT_READ, "Organization")
                .chain(() -> projects.list(orgId, includeArchived, offset, limit + 1)))
                .map(rows -> Page.of(rows, offset, limit, ProjectService::toView));
    }

    public Uni<ProjectApi.ProjectView> get(UUID callerId, UUID projectId) {
        return Panache.withSession(() -> load(callerId, projectId, Permission.PROJECT_READ))
                .map(t -> toView(t.getItem1()));
    }

    public Uni<ProjectApi.ProjectView> update(UUID callerId, UUID projectId, ProjectApi.UpdateProject request) {
        if (request.slug() != null) {
            Slugs.require(request.slug());
        }
        if (request.gitRepoUrl() != null && !request.gitRepoUrl().isEmpty()) {
            Urls.requireGitRepo(request.gitRepoUrl());
        }
        return tx.write(() -> load(callerId, projectId, Permission.PROJECT_WRITE).chain(t -> {
            ProjectEntity p = t.getItem1();
            requireWritable(p);
            Uni<Void> slugCheck = request.slug() == null || request.slug().equals(p.slug)
                    ? Uni.createFrom().voidItem()
                    : projects.slugTaken(p.organizationId, request.slug()).invoke(taken -> {
                        if (taken) {
                            throw ProblemException.conflict("The project slug '" + request.slug()
                                    + "' is taken in this organization");
                        }
                    }).replaceWithVoid();
            List<String> changed = new ArrayList<>();
            return slugCheck.chain(() -> {
                p.name = track(changed, "name", p.name, request.name() == null ? null : request.name().trim());
                p.slug = track(changed, "slug", p.slug, request.slug());
                p.description = request.description() == null
                        ? p.description
                        : track(changed, "description", p.description, emptyToNull(request.description()), true);
                p.gitRepoUrl = request.gitRepoUrl() == null
                        ? p.gitRepoUrl
                        : track(changed, "gitRepoUrl", p.gitRepoUrl, emptyToNull(request.gitRepoUrl()), true);
                if (request.settings() != null && !request.settings().equals(p.settings)) {
                    p.settings = new HashMap<>(request.settings());
                    changed.add("settings");
                }
                return projects.flush();
            }).chain(() -> changed.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : outbox.append(new ProjectUpdated(p.id, p.organizationId, p.name, p.slug, p.description,
                            p.gitRepoUrl, List.copyOf(changed), callerId)))
                    .replaceWith(p);
        })).map(ProjectService::toView);
    }

    public Uni<ProjectApi.ProjectView> setArchived(UUID callerId, UUID projectId, boolean archive) {
        return tx.write(() -> load(callerId, projectId, Permission.PROJECT_ARCHIVE).chain(t -> {
            ProjectEntity p = t.getItem1();
            if (p.archived == archive) {
                return Uni.createFrom().item(p); // idempotent: archiving an archived project changes nothing
            }
            p.archived = archive;
            p.archivedAt = archive ? Instant.now() : null;
            return projects.flush()
                    .chain(() -> outbox.append(archive
                            ? new ProjectArchived(p.id, p.organizationId, callerId)
                            : new ProjectUnarchived(p.id, p.organizationId, callerId)))
                    .replaceWith(p);
        })).map(ProjectService::toView);
    }

    static ProjectApi.ProjectView toView(ProjectEntity p) {
        return new ProjectApi.ProjectView(p.id, p.organizationId, p.name, p.slug, p.description,
                p.settings == null ? Map.of() : p.settings, p.gitRepoUrl, p.archived, p.archivedAt, p.createdBy,
                p.createdAt, p.updatedAt);
    }

    private static String track(List<String> changed, String field, String current, String requested) {
        return track(changed, field, current, requested, false);
    }

    /** Returns the new value, noting the field as changed; a null request keeps the value unless nullable. */
    private static String track(List<String> changed, String field, String current, String requested,
            boolean nullable) {
        if (requested == null && !nullable) {
            return current;
        }
        if (!Objects.equals(current, requested)) {
            changed.add(field);
        }
        return requested;
    }

    static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
