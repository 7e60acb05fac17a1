package io.prdtool.ai.review;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.ai.critique.Critique;
import io.prdtool.ai.critique.Finding;
import io.prdtool.ai.critique.Rubric;
import io.prdtool.ai.critique.RubricReviewer;
import io.prdtool.ai.db.Rows;
import io.prdtool.ai.settings.OrgSettings;
import io.prdtool.ai.settings.SettingsRepository;
import io.prdtool.ai.suggestion.SuggestionRepository;
import io.prdtool.ai.suggestion.SuggestionView;
import io.prdtool.shared.events.ai.AiCritiqueCompleted;
import io.prdtool.shared.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The offline review: a PRD's content checked against the organization's rubric (no provider needed). A content
 * already reviewed with the same rubric is answered from the stored review. Each finding is a suggestion with a
 * stable key (rule + quoted text + its context): the same finding in a later review is the same row, so a rejected
 * finding stays rejected and an accepted one stays accepted; a finding no longer raised is marked stale; a stale one
 * raised again reopens.
 */
@ApplicationScoped
public class ReviewService {

    private static final Logger LOG = Logger.getLogger(ReviewService.class);

    private static final String CACHED = "SELECT id, organization_id, content_hash, rubric_version, source, trigger,"
            + " overall_score, scores::text AS scores, finding_count, created_at FROM ai_critiques WHERE prd_id = $1"
            + " AND content_hash = $2 AND rubric_version = $3 AND source = 'rubric'";
    private static final String LATEST = "SELECT id, organization_id, content_hash, rubric_version, source, trigger,"
            + " overall_score, scores::text AS scores, finding_count, created_at FROM ai_critiques WHERE prd_id = $1"
            + " AND source = 'rubric' ORDER BY created_at DESC LIMIT 1";
    private static final String INSERT_CRITIQUE = "INSERT INTO ai_critiques (id, organization_id, prd_id, content_hash,"
            + " rubric_version, source, trigger, overall_score, scores, finding_count) VALUES ($1, $2, $3, $4, $5,"
            + " 'rubric', $6, $7, $8::text::jsonb, $9) ON CONFLICT (prd_id, content_hash, rubric_version, source)"
            + " DO NOTHING";
    private static final String UPSERT_FINDING = "INSERT INTO ai_suggestions (id, organization_id, prd_id, critique_id,"
            + " suggestion_type, source, anchor, suggested_text, metadata, finding_key, content_hash, created_by)"
            + " VALUES ($1, $2, $3, $4, 'critique', 'rubric', $5::text::jsonb, $6, $7::text::jsonb, $8, $9, $10)"
            + " ON CONFLICT (prd_id, finding_key) WHERE finding_key IS NOT NULL DO UPDATE SET"
            + " critique_id = excluded.critique_id, anchor = excluded.anchor, metadata = excluded.metadata,"
            + " suggested_text = excluded.suggested_text, content_hash = excluded.content_hash,"
            + " status = CASE WHEN ai_suggestions.status = 'stale' THEN 'open' ELSE ai_suggestions.status END,"
            + " stale_reason = CASE WHEN ai_suggestions.status = 'stale' THEN NULL ELSE ai_suggestions.stale_reason END"
            + " RETURNING (xmax = 0) AS inserted, status";
    private static final String RESOLVE_GONE = "UPDATE ai_suggestions SET status = 'stale',"
            + " stale_reason = 'no longer found by the review' WHERE prd_id = $1 AND source = 'rubric'"
            + " AND status = 'open' AND NOT (finding_key = ANY($2))";
    private static final String TEMPLATE_SECTIONS = "SELECT t.required_sections::text AS sections FROM prds p"
            + " JOIN templates t ON t.id = p.template_id AND t.deleted_at IS NULL WHERE p.id = $1";

    @Inject
    Pool pool;

    @Inject
    SettingsRepository settings;

    @Inject
    SuggestionRepository suggestions;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    private final RubricReviewer reviewer = new RubricReviewer();

    /** The rubric an organization's settings make (the defaults when its stored adjustments no longer parse). */
    public Rubric rubric(OrgSettings s) {
        if (s.rubric() == null) {
            return Rubric.defaults();
        }
        try {
            return Rubric.fromJson(s.rubric());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Organization %s has a rubric that no longer parses (%s); using the defaults",
                    s.organizationId(), e.getMessage());
            return Rubric.defaults();
        }
    }

    /**
     * Reviews {@code content} inside the caller's transaction {@code c} (actor and organization already set) and
     * answers the review with its open findings.
     */
    public Uni<CritiqueView> review(SqlConnection c, UUID organizationId, UUID prdId, String content,
            OrgSettings s, String trigger, String actor) {
        Rubric rubric = rubric(s);
        String hash = Rows.sha256(content);
        return c.preparedQuery(CACHED).execute(Tuple.of(prdId, hash, rubric.version())).chain(rows -> {
            if (rows.size() > 0) {
                return withFindings(c, prdId, critique(rows.iterator().next(), prdId, null, true));
            }
            return templateSections(c, prdId)
                    .chain(sections -> Uni.createFrom().item(() -> reviewer.review(content, rubric, sections))
                            // CPU work (tens of ms for a long PRD): off the event loop
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                    .chain(critique -> store(c, organizationId, prdId, hash, critique, trigger, actor));
        });
    }

    /** The latest rubric review of a PRD with its open findings, if it was ever reviewed. */
    public Uni<Optional<CritiqueView>> latest(UUID prdId) {
        return pool.preparedQuery(LATEST).execute(Tuple.of(prdId)).chain(rows -> rows.size() == 0
                ? Uni.createFrom().item(Optional.empty())
                : withFindings(pool, prdId, critique(rows.iterator().next(), prdId, null, false)).map(Optional::of));
    }

    private Uni<CritiqueView> store(SqlConnection c, UUID organizationId, UUID prdId, String hash, Critique critique,
            String trigger, String actor) {
        UUID critiqueId = UUID.randomUUID();
        String scores;
        try {
            scores = mapper.writeValueAsString(critique.scores());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        List<Tuple> rows = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Finding f : critique.findings()) {
            String key = findingKey(f);
            if (!keys.add(key)) {
                continue; // the same rule on the same text twice: one finding
            }
            ObjectNode meta = JsonNodeFactory.instance.objectNode().put("rule", f.rule())
                    .put("dimension", f.dimension()).put("severity", f.severity().name().toLowerCase(Locale.ROOT))
                    .put("message", f.message());
            if (f.hint() != null) {
                meta.put("hint", f.hint());
            }
            rows.add(Tuple.from(new Object[]{UUID.randomUUID(), organizationId, prdId, critiqueId,
                    SuggestionRepository.anchorJson(f.anchor()), f.suggestedText(), meta.toString(), key, hash,
                    actor}));
        }
        int[] fresh = new int[1];
        Uni<Void> findings = rows.isEmpty()
                ? Uni.createFrom().voidItem()
                : c.preparedQuery(UPSERT_FINDING).executeBatch(rows).invoke(result -> {
                    for (var rs = result; rs != null; rs = rs.next()) {
                        for (Row r : rs) {
                            if (r.getBoolean("inserted")) {
                                fresh[0]++;
                            }
                        }
                    }
                }).replaceWithVoid();
        Instant now = Instant.now();
        return c.preparedQuery(INSERT_CRITIQUE).execute(Tuple.from(new Object[]{critiqueId, organizationId, prdId,
                hash, critique.rubricVersion(), trigger, critique.overallScore(), scores, keys.size()}))
                .chain(inserted -> {
                    if (inserted.rowCount() == 0) {
                        // another instance reviewed the same content at the same moment: its review stands
                        return c.preparedQuery(CACHED).execute(Tuple.of(prdId, hash, critique.rubricVersion()))
                                .chain(r -> withFindings(c, prdId, critique(r.iterator().next(), prdId, null, true)));
                    }
                    return findings
                            .chain(() -> c.preparedQuery(RESOLVE_GONE).execute(Tuple.of(prdId,
                                    keys.toArray(String[]::new))))
                            .chain(() -> outbox.append(c, new AiCritiqueCompleted(critiqueId, organizationId, prdId,
                                    hash, critique.rubricVersion(), "rubric", trigger, critique.overallScore(),
                                    critique.scores(), keys.size(), fresh[0], now)))
                            .chain(() -> withFindings(c, prdId, new CritiqueView(critiqueId, organizationId, prdId,
                                    hash, critique.rubricVersion(), "rubric", trigger, critique.overallScore(),
                                    critique.scores(), keys.size(), fresh[0], false, now, List.of())));
                });
    }

    private Uni<CritiqueView> withFindings(SqlClient c, UUID prdId, CritiqueView critique) {
        return c.preparedQuery("SELECT " + SuggestionRepository.COLUMNS + " FROM ai_suggestions WHERE prd_id = $1"
                + " AND source = 'rubric' AND status = 'open' ORDER BY (anchor ->> 'start')::int NULLS FIRST, id")
                .execute(Tuple.of(prdId)).map(rows -> {
                    List<SuggestionView> open = new ArrayList<>();
                    for (Row r : rows) {
                        open.add(suggestions.view(r));
                    }
                    return new CritiqueView(critique.id(), critique.organizationId(), critique.prdId(),
                            critique.contentHash(), critique.rubricVersion(), critique.source(), critique.trigger(),
                            critique.overallScore(), critique.scores(), critique.findingCount(),
                            critique.newFindings(), critique.cached(), critique.createdAt(), open);
                });
    }

    private CritiqueView critique(Row r, UUID prdId, Integer fresh, boolean cached) {
        Map<String, Integer> scores = new LinkedHashMap<>();
        try {
            JsonNode json = mapper.readTree(r.getString("scores"));
            json.fields().forEachRemaining(e -> scores.put(e.getKey(), e.getValue().asInt()));
        } catch (Exception e) {
            throw new IllegalStateException("stored scores are unreadable", e);
        }
        return new CritiqueView(r.getUUID("id"), r.getUUID("organization_id"), prdId, r.getString("content_hash"),
                r.getString("rubric_version"), r.getString("source"), r.getString("trigger"),
                r.getInteger("overall_score"), scores, r.getInteger("finding_count"), fresh, cached,
                r.getOffsetDateTime("created_at").toInstant(), List.of());
    }

    private Uni<List<String>> templateSections(SqlClient c, UUID prdId) {
        return c.preparedQuery(TEMPLATE_SECTIONS).execute(Tuple.of(prdId)).map(rows -> {
            if (rows.size() == 0 || rows.iterator().next().getString("sections") == null) {
                return List.of();
            }
            try {
                List<String> out = new ArrayList<>();
                mapper.readTree(rows.iterator().next().getString("sections")).forEach(n -> out.add(n.asText()));
                return out;
            } catch (Exception e) {
                return List.of();
            }
        });
    }

    /** The stable identity of a finding: its rule and the text it quotes with that text's context. */
    static String findingKey(Finding f) {
        String identity = f.anchor() == null
                ? f.rule() + "|" + f.dimension() + "|" + f.message()
                : f.rule() + "|" + f.anchor().exact() + "|" + f.anchor().prefix() + "|" + f.anchor().suffix();
        return Rows.sha256(identity);
    }
}
