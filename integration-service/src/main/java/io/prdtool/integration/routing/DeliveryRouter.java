package io.prdtool.integration.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.IntegrationConfig;
import io.prdtool.integration.delivery.Deliverers;
import io.prdtool.integration.delivery.DeliveryRepository;
import io.prdtool.integration.delivery.DeliveryRepository.NewDelivery;
import io.prdtool.integration.delivery.PendingAdapter;
import io.prdtool.integration.integration.Integration;
import io.prdtool.integration.integration.IntegrationRepository;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.notification.NotificationCreated;
import io.prdtool.shared.events.prd.PrdEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Decides which deliveries an event causes and records them, in the consumer's transaction (never calling out):
 * <ul>
 * <li>every PRD event an outgoing webhook subscribes to: {@code webhook.event} (one in flight per endpoint, so they
 * arrive in order);</li>
 * <li>every PRD event a chat integration subscribes to: {@code slack.message}, {@code mattermost.message},
 * {@code teams.message} (one in flight per channel, paced);</li>
 * <li>{@code PrdVersionCreated}: {@code git.commit} to each git integration covering the PRD's project when the project
 * (or the integration) names a repository (one in flight per repository); {@code jira.sync},
 * {@code confluence.publish}, {@code craft.publish} to those with {@code autoPublish} (one in flight per PRD);</li>
 * <li>{@code NotificationCreated} with {@code chat}: {@code slack.dm} / {@code mattermost.dm} to each chat integration
 * taking personal notifications, due at {@code chatNotBefore}.</li>
 * </ul>
 * Only enabled integrations get deliveries (a disabled one does not pile up a backlog). Payloads hold the event and
 * what the projection knows of the PRD at that moment, never a credential.
 */
@ApplicationScoped
public class DeliveryRouter {

    static final List<String> PRD_TARGETS = List.of("webhook", "slack", "mattermost", "teams", "git", "jira",
            "confluence", "craft");

    @Inject
    IntegrationRepository integrations;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    Deliverers deliverers;

    @Inject
    ObjectMapper mapper;

    @Inject
    IntegrationConfig config;

    public Uni<Void> routePrd(SqlConnection c, EventEnvelope event, PrdEvent e) {
        String type = event.eventType();
        return integrations.enabled(c, e.organizationId(), PRD_TARGETS).chain(targets -> {
            if (targets.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return context(c, e).chain(prd -> {
                ObjectNode data = data(event);
                List<NewDelivery> out = new ArrayList<>();
                for (Integration i : targets) {
                    switch (i.type()) {
                        case WEBHOOK -> {
                            if (i.receives(type, e.projectId())) {
                                ObjectNode payload = envelope(event, prd,
                                        i.settings().path("includeContent").asBoolean(true)
                                                ? data
                                                : withoutContent(
                                                        data));
                                out.add(delivery(i, "webhook.event", "webhook:" + i.id(), e, event, payload, null));
                            }
                        }
                        case SLACK, MATTERMOST, TEAMS -> {
                            if (i.receives(type, e.projectId())) {
                                out.add(delivery(i, i.type().wire() + ".message", i.type().wire() + ":" + i.id(), e,
                                        event, envelope(event, prd, withoutContent(data)), null));
                            }
                        }
                        case GIT -> {
                            String repo = i.settings().hasNonNull("repoUrl")
                                    ? i.settings().get("repoUrl").asText()
                                    : prd.path("project").path("gitRepoUrl").asText(null);
                            if ("PrdVersionCreated".equals(type) && i.coversProject(e.projectId()) && repo != null) {
                                ObjectNode payload = envelope(event, prd, data);
                                payload.put("repositoryUrl", repo);
                                out.add(delivery(i, PendingAdapter.GIT_COMMIT, "git:" + i.id() + ":" + hash(repo), e,
                                        event, payload, null));
                            }
                        }
                        case JIRA, CONFLUENCE, CRAFT -> {
                            if ("PrdVersionCreated".equals(type) && i.coversProject(e.projectId())
                                    && i.settings().path("autoPublish").asBoolean(false)) {
                                String action = switch (i.type()) {
                                    case JIRA -> PendingAdapter.JIRA_SYNC;
                                    case CONFLUENCE -> PendingAdapter.CONFLUENCE_PUBLISH;
                                    default -> PendingAdapter.CRAFT_PUBLISH;
                                };
                                out.add(delivery(i, action, i.type().wire() + ":" + i.id() + ":" + e.prdId(), e, event,
                                        envelope(event, prd, data), null));
                            }
                        }
                    }
                }
                return record(c, out);
            });
        });
    }

    public Uni<Void> routeNotification(SqlConnection c, EventEnvelope event, NotificationCreated n) {
        return integrations.enabled(c, n.organizationId(), List.of("slack", "mattermost")).chain(targets -> {
            List<NewDelivery> out = new ArrayList<>();
            for (Integration i : targets) {
                if (!"bot".equals(i.mode()) || !i.settings().path("personalNotifications").asBoolean(false)
                        || n.recipientEmail() == null) {
                    continue;
                }
                ObjectNode payload = mapper.createObjectNode();
                payload.put("eventId", event.id().toString());
                payload.put("eventType", event.eventType());
                payload.put("notificationId", n.notificationId().toString());
                payload.put("type", n.type());
                payload.put("recipientId", n.recipientId() == null ? null : n.recipientId().toString());
                payload.put("recipientEmail", n.recipientEmail());
                payload.put("recipientName", n.recipientName());
                payload.put("title", n.title());
                payload.put("body", n.body());
                payload.put("link", n.link());
                payload.put("prdId", n.prdId() == null ? null : n.prdId().toString());
                payload.put("prdTitle", n.prdTitle());
                String recipient = n.recipientId() != null ? n.recipientId().toString() : hash(n.recipientEmail());
                out.add(new NewDelivery(i.id(), i.organizationId(), i.type().wire() + ".dm",
                        i.type().wire() + ":" + i.id() + ":dm:" + recipient, n.prdId(), event.id(),
                        event.eventType(), payload, n.chatNotBefore()));
            }
            return record(c, out);
        });
    }

    private Uni<Void> record(SqlConnection c, List<NewDelivery> out) {
        if (out.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(out)
                .onItem().transformToUniAndConcatenate(d -> deliveries.record(c, d, deliverers.mappingType(d.action())))
                .collect().last().replaceWithVoid();
    }

    private NewDelivery delivery(Integration i, String action, String targetKey, PrdEvent e, EventEnvelope event,
            ObjectNode payload, java.time.Instant notBefore) {
        return new NewDelivery(i.id(), i.organizationId(), action, targetKey, e.prdId(), event.id(), event.eventType(),
                payload, notBefore);
    }

    /** What the projection knows of the PRD, its project and the actor, as of this event. */
    private Uni<ObjectNode> context(SqlConnection c, PrdEvent e) {
        return c.preparedQuery("SELECT p.title, p.slug, p.status, p.project_id, pr.name AS project_name,"
                + " pr.git_repo_url FROM prds p LEFT JOIN projects pr ON pr.id = coalesce($2, p.project_id)"
                + " WHERE p.id = $1").execute(Tuple.of(e.prdId(), e.projectId())).map(rows -> {
                    ObjectNode prd = mapper.createObjectNode();
                    prd.put("id", e.prdId().toString());
                    prd.put("link", config.appBaseUrl().replaceAll("/+$", "") + "/prds/" + e.prdId());
                    if (rows.size() > 0) {
                        Row r = rows.iterator().next();
                        prd.put("title", r.getString("title"));
                        prd.put("slug", r.getString("slug"));
                        prd.put("status", r.getString("status"));
                        ObjectNode project = prd.putObject("project");
                        UUID projectId = e.projectId() != null ? e.projectId() : r.getUUID("project_id");
                        project.put("id", projectId == null ? null : projectId.toString());
                        project.put("name", r.getString("project_name"));
                        project.put("gitRepoUrl", r.getString("git_repo_url"));
                    }
                    return prd;
                });
    }

    /** The delivery payload: the CloudEvents attributes of the source event, its data and the PRD context. */
    private ObjectNode envelope(EventEnvelope event, ObjectNode prd, ObjectNode data) {
        ObjectNode p = mapper.createObjectNode();
        p.put("eventId", event.id().toString());
        p.put("eventType", event.eventType());
        p.put("source", event.source());
        p.put("subject", event.subject().toString());
        p.put("time", event.time().toString());
        p.put("organizationId", event.organizationId() == null ? null : event.organizationId().toString());
        p.put("dataschema", event.dataSchema());
        p.set("data", data);
        p.set("prd", prd);
        return p;
    }

    private ObjectNode data(EventEnvelope event) {
        try {
            return (ObjectNode) mapper.readTree(event.data());
        } catch (JsonProcessingException | ClassCastException e) {
            throw new EventEnvelope.InvalidEventException("unreadable " + event.eventType());
        }
    }

    private static ObjectNode withoutContent(ObjectNode data) {
        ObjectNode copy = data.deepCopy();
        copy.remove("markdown");
        return copy;
    }

    static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
