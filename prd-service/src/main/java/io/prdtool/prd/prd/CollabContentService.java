package io.prdtool.prd.prd;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.prdtool.prd.project.ProjectRepository;
import io.prdtool.prd.user.UserRepository;
import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.prd.PrdUpdated;
import io.prdtool.shared.tx.ActorContext;
import io.prdtool.shared.tx.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * What collab-service tells us about a PRD: its collaboratively edited content (which becomes the PRD's content and
 * so its search vector, through the same approval rules as any edit) and who was active on it when (the
 * prd_collab_activity projection the summaries read). Called inside the consumer's inbox transaction.
 */
@ApplicationScoped
public class CollabContentService {

    private static final Logger LOG = Logger.getLogger(CollabContentService.class);

    private final PrdRepository prds;
    private final ProjectRepository projects;
    private final UserRepository users;
    private final PrdService prdService;
    private final Tx tx;

    public CollabContentService(PrdRepository prds, ProjectRepository projects, UserRepository users,
            PrdService prdService, Tx tx) {
        this.prds = prds;
        this.projects = projects;
        this.users = users;
        this.prdService = prdService;
        this.tx = tx;
    }

    /** The prd-service user id for a collab event: its userId field, else the user bound to the actor subject. */
    public Uni<UUID> userFor(UUID userId, String actorSubject) {
        if (userId != null) {
            return Uni.createFrom().item(userId);
        }
        if (actorSubject == null || actorSubject.startsWith("system:")) {
            return Uni.createFrom().nullItem();
        }
        return users.findBySubject(actorSubject).map(u -> u == null ? null : u.id);
    }

    /** Counts one collaboration event of {@code userId} on the PRD (ignored for PRDs we do not know). */
    public Uni<Void> recordActivity(UUID prdId, UUID userId, Instant at) {
        if (userId == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "INSERT INTO prd_collab_activity (prd_id, user_id, event_count, last_activity_at)"
                        + " SELECT :prd, :usr, 1, :at WHERE EXISTS (SELECT 1 FROM prds WHERE id = :prd)"
                        + " ON CONFLICT (prd_id, user_id) DO UPDATE SET"
                        + " event_count = prd_collab_activity.event_count + 1,"
                        + " last_activity_at = greatest(prd_collab_activity.last_activity_at,"
                        + " excluded.last_activity_at)")
                .setParameter("prd", prdId)
                .setParameter("usr", userId)
                .setParameter("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Makes {@code content} the PRD's content. Tenant-checked against the event's organization; archived PRDs and
     * PRDs of archived projects are read-only, so such content is dropped (and logged).
     */
    public Uni<Void> applyContent(UUID prdId, UUID organizationId, String content, UUID actorId,
            ActorContext actor) {
        return tx.writeAs(actor, organizationId, () -> prds.findById(prdId).chain(prd -> {
            if (prd == null) {
                LOG.debugf("Collab content for unknown PRD %s ignored", prdId);
                return Uni.createFrom().voidItem();
            }
            if (organizationId != null && !organizationId.equals(prd.organizationId)) {
                LOG.warnf("Collab content for PRD %s names organization %s, not its own; ignored", prdId,
                        organizationId);
                return Uni.createFrom().voidItem();
            }
            return projects.findById(prd.projectId).chain(project -> {
                if (project.archived || prd.statusValue() == PrdStatus.ARCHIVED) {
                    LOG.warnf("Collab content for read-only PRD %s (archived) ignored", prdId);
                    return Uni.createFrom().voidItem();
                }
                ContentChange.Result r = ContentChange.apply(prd, content, actorId, ContentChange.SOURCE_COLLAB);
                if (!r.changed()) {
                    return Uni.createFrom().voidItem();
                }
                List<DomainEvent> events = new ArrayList<>();
                events.add(new PrdUpdated(prd.id, prd.organizationId, prd.projectId, prd.title, prd.slug,
                        prd.contentHash, List.of("content"), ContentChange.SOURCE_COLLAB, actorId,
                        List.of(prd.approverIds)));
                events.addAll(r.events());
                return prds.flush().chain(() -> prdService.appendAll(events));
            });
        }));
    }
}
