package io.prdtool.integration.jira;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.integration.integration.Integration;
import io.prdtool.integration.integration.IntegrationRepository;
import io.prdtool.shared.crypto.SecretBox;
import io.prdtool.shared.tx.Tx;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Jira → PRD tool: the status of the issues a sync created. Two ways in, both ending in
 * {@code integration_mappings.remote_status/remote_done}:
 * <ul>
 * <li>Jira webhooks ({@code jira:issue_updated}) to {@code POST /api/v1/hooks/jira/{integrationId}}, signed with a
 * secret we generate per integration ({@code X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}); stored at
 * once (one row per {@code X-Atlassian-Webhook-Identifier}: a replay changes nothing) and processed here afterwards;</li>
 * <li>a poll ({@link #poll}) of every enabled Jira integration: the status of every issue labelled {@code prdtool} in
 * its project, for missed or unconfigured webhooks.</li>
 * </ul>
 */
@ApplicationScoped
public class JiraBackSync {

    private static final Logger LOG = Logger.getLogger(JiraBackSync.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Pool pool;

    @Inject
    Tx tx;

    @Inject
    SecretBox secrets;

    @Inject
    IntegrationRepository integrations;

    @Inject
    JiraClient client;

    @Inject
    ObjectMapper mapper;

    static String binding(UUID integrationId) {
        return "jira-webhook:" + integrationId;
    }

    /** A new webhook secret for the integration (replacing any previous one); returned once, stored sealed. */
    public Uni<String> newSecret(Integration i) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = HexFormat.of().formatHex(raw);
        SecretBox.Sealed sealed = secrets.seal(secret, binding(i.id()));
        return tx.writeWithConnectionAs(JiraMappings.SYSTEM, i.organizationId(), c -> c.preparedQuery(
                "INSERT INTO jira_hook_secrets (integration_id, key_id, ciphertext) VALUES ($1, $2, $3)"
                        + " ON CONFLICT (integration_id) DO UPDATE SET key_id = excluded.key_id,"
                        + " ciphertext = excluded.ciphertext, created_at = now()")
                .execute(Tuple.of(i.id(), sealed.keyId(), sealed.ciphertext()))).replaceWith(secret);
    }

    /** Outcome of a received webhook: 401 (unverifiable) or 202 (stored, or a replay ignored). */
    public enum Received {
        UNAUTHORIZED, ACCEPTED
    }

    /**
     * Verifies and stores one webhook delivery. Anything that cannot be verified (unknown or non-Jira integration, no
     * secret set, missing or wrong signature) is {@link Received#UNAUTHORIZED} with nothing stored.
     */
    public Uni<Received> receive(UUID integrationId, byte[] body, String signature, String identifier) {
        if (signature == null || !signature.startsWith("sha256=")) {
            return Uni.createFrom().item(Received.UNAUTHORIZED);
        }
        return pool.preparedQuery("SELECT i.organization_id, s.key_id, s.ciphertext FROM integrations i"
                + " JOIN jira_hook_secrets s ON s.integration_id = i.id WHERE i.id = $1 AND i.type = 'jira'")
                .execute(Tuple.of(integrationId)).chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Received.UNAUTHORIZED);
                    }
                    Row r = rows.iterator().next();
                    String secret;
                    try {
                        secret = secrets.open(r.getString("key_id"), r.getString("ciphertext"),
                                binding(integrationId));
                    } catch (RuntimeException e) {
                        LOG.warnf("Jira webhook secret of integration %s cannot be opened", integrationId);
                        return Uni.createFrom().item(Received.UNAUTHORIZED);
                    }
                    if (!MessageDigest.isEqual(hmac(secret, body).getBytes(StandardCharsets.US_ASCII),
                            signature.substring("sha256=".length()).trim().toLowerCase(java.util.Locale.ROOT)
                                    .getBytes(StandardCharsets.US_ASCII))) {
                        return Uni.createFrom().item(Received.UNAUTHORIZED);
                    }
                    JsonNode json;
                    try {
                        json = mapper.readTree(body);
                    } catch (Exception e) {
                        json = mapper.createObjectNode();
                    }
                    String id = identifier != null && !identifier.isBlank() && identifier.length() <= 200
                            ? identifier
                            : "sha256:" + sha256(body);
                    UUID org = r.getUUID("organization_id");
                    JsonNode stored = json;
                    return tx.writeWithConnectionAs(JiraMappings.SYSTEM, org, c -> c.preparedQuery(
                            "INSERT INTO jira_hook_events (integration_id, organization_id, webhook_identifier, body)"
                                    + " VALUES ($1, $2, $3, $4::text::jsonb) ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(integrationId, org, id, stored.toString())))
                            .replaceWith(Received.ACCEPTED);
                });
    }

    /** Applies stored webhook deliveries to the mappings (oldest first). */
    @Scheduled(every = "${prdtool.integration.jira.process-every:2s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> process() {
        return pool.withTransaction(c -> c
                .preparedQuery("SELECT id, integration_id, body::text AS body FROM jira_hook_events"
                        + " WHERE processed_at IS NULL ORDER BY received_at LIMIT 100 FOR UPDATE SKIP LOCKED")
                .execute()
                .chain(rows -> {
                    List<Row> list = new java.util.ArrayList<>();
                    rows.forEach(list::add);
                    if (list.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return Multi.createFrom().iterable(list).onItem().transformToUniAndConcatenate(r -> {
                        JsonNode body;
                        try {
                            body = mapper.readTree(r.getString("body"));
                        } catch (Exception e) {
                            body = null;
                        }
                        JsonNode issue = body == null ? null : body.path("issue");
                        String key = issue == null ? null : issue.path("key").asText(null);
                        JsonNode status = issue == null ? null : issue.path("fields").path("status");
                        Uni<Void> apply = key == null || status == null || status.isMissingNode()
                                ? Uni.createFrom().voidItem()
                                : status(c, r.getUUID("integration_id"), key, status.path("name").asText(null),
                                        status.path("statusCategory").path("key").asText(null));
                        return apply.chain(() -> c.preparedQuery("UPDATE jira_hook_events SET processed_at = now()"
                                + " WHERE id = $1").execute(Tuple.of(r.getUUID("id"))).replaceWithVoid());
                    }).collect().last().replaceWithVoid();
                }));
    }

    private static Uni<Void> status(io.vertx.mutiny.sqlclient.SqlConnection c, UUID integrationId, String key,
            String name, String category) {
        return c.preparedQuery("UPDATE integration_mappings SET remote_status = $3, remote_done = $4,"
                + " updated_at = now() WHERE integration_id = $1 AND external_type = '" + JiraMappings.TYPE
                + "' AND external_id = $2").execute(Tuple.of(integrationId, key, name, "done".equals(category)))
                .replaceWithVoid();
    }

    /**
     * The polling fallback: for each enabled Jira integration, the status of every issue labelled {@code prdtool} in
     * its project. A failing integration is skipped (logged) until the next round.
     */
    @Scheduled(every = "${prdtool.integration.jira.poll-every:10m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> poll() {
        return pool.preparedQuery("SELECT id FROM integrations WHERE type = 'jira' AND enabled").execute()
                .chain(rows -> {
                    List<UUID> ids = new java.util.ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("id")));
                    return Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(id -> poll(id)
                            .onFailure().recoverWithItem(f -> {
                                LOG.infof("Jira status poll of integration %s failed: %s", id, f.getMessage());
                                return null;
                            })).collect().last().replaceWithVoid();
                });
    }

    /** Polls one integration. */
    public Uni<Void> poll(UUID integrationId) {
        return integrations.find(integrationId).chain(found -> {
            Optional<Integration> i = found.filter(Integration::enabled);
            if (i.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            JsonNode s = i.get().settings();
            return integrations.credentials(i.get()).chain(creds -> {
                if (creds.isEmpty()) {
                    return Uni.createFrom().voidItem();
                }
                JiraSite site = JiraSite.of(s, creds.get().current());
                String jql = "project = " + s.path("projectKey").asText() + " AND labels = prdtool";
                return client.searchStatuses(site, jql).chain(issues -> pool.withTransaction(c -> Multi
                        .createFrom().iterable(issues).onItem().transformToUniAndConcatenate(issue -> status(c,
                                integrationId, issue.key(), issue.status(), issue.statusCategory()))
                        .collect().last().replaceWithVoid()));
            });
        });
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
