package io.prdtool.integration.jira;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.delivery.Delivered;
import io.prdtool.integration.delivery.Deliverer;
import io.prdtool.integration.delivery.DeliveryContext;
import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.delivery.PendingAdapter;
import io.prdtool.integration.delivery.VersionPayload;
import io.prdtool.integration.git.ClaimCheck;
import io.prdtool.integration.integration.Integration;
import io.prdtool.integration.integration.IntegrationType;
import io.prdtool.integration.markdown.Requirements;
import io.prdtool.integration.markdown.Requirements.Requirement;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code jira.sync}: one epic per PRD and one child issue (Story, else Task) per requirement
 * ({@link Requirements#extract}), descriptions in the site's rich text ({@link JiraSite#richText}: ADF on Cloud, wiki
 * markup on Data Center), children under the epic ({@code parent} on Cloud, the Epic Link field on Data Center, where
 * an epic also gets its Epic Name when the create screen has that field),
 * labels {@code prdtool}, {@code prdtool-<first 8 hex of the PRD id>} and one label unique to the issue
 * ({@code prdtool-<8 hex>-<requirement id>}, {@code prdtool-<8 hex>-epic}), and a remote link from the epic back to the
 * PRD (stable {@code globalId}, so repeating it updates the link).
 * <p>
 * Idempotent: each issue's mapping row ({@link JiraMappings}) is written as {@code creating} before the create call.
 * When a row has no issue key yet (the answer was lost, e.g. a timeout after Jira committed), the attempt first searches
 * by the PRD's label and adopts the issues it finds by their unique label, so a retry never creates a duplicate.
 * Children are created in bulk (≤ 50 per call); the elements Jira refused keep their row {@code failed} with the error,
 * and the delivery fails (retryable if Jira's status for them was, else terminal) so a retry creates only those. A
 * later version updates the issues created before (PUT summary, description, labels); the issue of a requirement that
 * disappeared gets the label {@value #REMOVED_LABEL} and a comment naming the version, and its row the status
 * {@value #REMOVED} (it comes back as an update if the requirement returns).
 */
@ApplicationScoped
public class JiraDeliverer implements Deliverer {

    /** The label added to the issue of a requirement a newer PRD version no longer has. */
    public static final String REMOVED_LABEL = "prd-removed";
    /** The mapping status of such a requirement. */
    public static final String REMOVED = "removed";

    @Inject
    JiraClient client;

    @Inject
    JiraMappings mappings;

    @Inject
    ClaimCheck claimCheck;

    @Override
    public Set<String> actions() {
        return Set.of(PendingAdapter.JIRA_SYNC);
    }

    @Override
    public String mappingType(String action) {
        return "epic";
    }

    @Override
    public Set<IntegrationType> testedTypes() {
        return Set.of(IntegrationType.JIRA);
    }

    @Override
    public Uni<Delivered> testConnection(DeliveryContext ctx) {
        String projectKey = ctx.integration().settings().path("projectKey").asText();
        return site(ctx).chain(site -> client.myself(site)
                .chain(me -> client.createMeta(site, projectKey).map(types -> {
                    if (JiraIssueType.epic(types).isEmpty() || JiraIssueType.child(types).isEmpty()) {
                        throw DeliveryException.terminal("project " + projectKey
                                + " offers no epic or no story/task issue type");
                    }
                    ctx.note("GET " + site.apiPrefix() + "/myself, GET createmeta " + projectKey,
                            "signed in as " + me.displayName() + "; " + types.size() + " issue types");
                    return Delivered.status(200);
                }))
                .call(ok -> !site.dataCenter() ? Uni.createFrom().voidItem() : client.epicFields(site).invoke(f -> {
                    // Data Center links children to their epic through Jira Software's Epic Link field
                    if (f.epicLink() == null) {
                        throw DeliveryException.terminal("Jira has no Epic Link field; is Jira Software installed?");
                    }
                })));
    }

    /** The PRD's label: {@code prdtool-} and the first 8 hex digits of its id. */
    public static String prdLabel(UUID prdId) {
        return "prdtool-" + prdId.toString().substring(0, 8);
    }

    /** The label unique to one issue of the PRD ({@code key}: a requirement id, or the epic). */
    public static String itemLabel(UUID prdId, String key) {
        String k = JiraMappings.EPIC.equals(key)
                ? "epic"
                : key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
        return prdLabel(prdId) + "-" + k;
    }

    /** What one sync would do for a PRD version: its epic and children (for the dry-run preview and the sync). */
    public record Plan(String epicSummary, List<Requirement> requirements) {
    }

    public static Plan plan(String title, String markdown) {
        return new Plan(summary(title), Requirements.extract(markdown));
    }

    @Override
    public Uni<Delivered> deliver(DeliveryContext ctx) {
        return VersionPayload.of(ctx).chain(v -> claimCheck.markdown(v).chain(md -> site(ctx).chain(site -> sync(ctx,
                site, v.prdId(), v.title(), v.version(), v.link(), md))));
    }

    private Uni<Delivered> sync(DeliveryContext ctx, JiraSite site, UUID prdId, String title, String version,
            String link, String markdown) {
        Integration i = ctx.integration();
        String projectKey = i.settings().path("projectKey").asText();
        Plan plan = plan(title, markdown);
        Sync s = new Sync(ctx, site, i, prdId, projectKey, version);
        return client.createMeta(site, projectKey).chain(types -> {
            s.epicType = JiraIssueType.epic(types).orElseThrow(() -> DeliveryException.terminal("Jira project "
                    + projectKey + " has no epic issue type"));
            s.childType = JiraIssueType.child(types).orElseThrow(() -> DeliveryException.terminal("Jira project "
                    + projectKey + " has no story or task issue type"));
            return site.dataCenter() ? epicFields(s) : Uni.createFrom().voidItem();
        }).chain(() -> mappings.load(i.id(), prdId)).chain(rows -> adoptLost(s, rows))
                .chain(rows -> epic(s, rows, plan, link).map(epicKey -> {
                    s.epicKey = epicKey;
                    return rows;
                }))
                .chain(rows -> children(s, rows, plan).chain(() -> removed(s, rows, plan)))
                .chain(() -> link == null
                        ? Uni.createFrom().voidItem()
                        : client.remoteLink(site, s.epicKey, "prdtool:prd:" + prdId, link, title).replaceWithVoid())
                .map(v -> {
                    ctx.note("Jira sync of PRD " + prdId + " v" + version + " to project " + projectKey,
                            "epic " + s.epicKey + "; created " + s.created + ", updated " + s.updated + ", removed "
                                    + s.removed + ", failed " + s.failed.size());
                    if (!s.failed.isEmpty()) {
                        String error = "Jira refused " + s.failed.size() + " of " + plan.requirements().size()
                                + " issues: " + String.join("; ", s.failed);
                        throw s.retryable
                                ? DeliveryException.retryable(error, null)
                                : DeliveryException.terminal(error);
                    }
                    return new Delivered(201, s.epicKey, site.baseUrl() + "/browse/" + s.epicKey, version, null);
                });
    }

    /**
     * Data Center: the Epic Link field children need (no field: Jira Software is missing, a terminal failure) and the
     * Epic Name field, set on the epic when the epic's create screen has it.
     */
    private Uni<Void> epicFields(Sync s) {
        return client.epicFields(s.site).chain(fields -> {
            if (fields.epicLink() == null) {
                throw DeliveryException
                        .terminal("Jira has no Epic Link field (com.pyxis.greenhopper.jira:gh-epic-link);"
                                + " is Jira Software installed?");
            }
            s.epicLinkField = fields.epicLink();
            if (fields.epicName() == null) {
                return Uni.createFrom().voidItem();
            }
            return client.createMetaFields(s.site, s.projectKey, s.epicType.id()).invoke(screen -> {
                if (screen.stream().anyMatch(f -> fields.epicName().equals(f.fieldId()))) {
                    s.epicNameField = fields.epicName();
                }
            }).replaceWithVoid();
        });
    }

    /** Rows without an issue key (a create whose answer was lost): look for their issues by label first. */
    private Uni<Map<String, JiraMappings.Row>> adoptLost(Sync s, Map<String, JiraMappings.Row> rows) {
        boolean lost = rows.values().stream().anyMatch(r -> r.issueKey() == null);
        if (!lost) {
            return Uni.createFrom().item(rows);
        }
        return client.searchByLabel(s.site, prdLabel(s.prdId)).chain(found -> {
            Map<String, String> byLabel = new HashMap<>();
            for (JiraIssue issue : found) {
                for (String label : issue.labels()) {
                    byLabel.putIfAbsent(label, issue.key());
                }
            }
            Map<String, JiraMappings.Row> next = new LinkedHashMap<>(rows);
            List<Uni<Void>> writes = new ArrayList<>();
            for (JiraMappings.Row r : rows.values()) {
                String key = r.issueKey() == null ? byLabel.get(itemLabel(s.prdId, r.key())) : null;
                if (key != null) {
                    next.put(r.key(), new JiraMappings.Row(r.key(), key, "synced", null));
                    writes.add(mappings.result(s.i.id(), s.i.organizationId(), s.prdId, r.key(), key,
                            s.site.baseUrl() + "/browse/" + key, null, null));
                }
            }
            return writes.isEmpty()
                    ? Uni.createFrom().item(next)
                    : Multi.createFrom().iterable(writes).onItem().transformToUniAndConcatenate(u -> u).collect()
                            .last().replaceWith(next);
        });
    }

    private Uni<String> epic(Sync s, Map<String, JiraMappings.Row> rows, Plan plan, String link) {
        JiraMappings.Row row = rows.get(JiraMappings.EPIC);
        String text = "PRD " + plan.epicSummary() + (s.version == null ? "" : " v" + s.version)
                + (link == null ? "" : "\n\n" + link);
        ObjectNode fields = IssueInput.fields(s.projectKey, s.epicType.id(), plan.epicSummary(),
                s.site.plainText(text), labels(s.prdId, JiraMappings.EPIC), null);
        if (row != null && row.issueKey() != null) {
            s.updated++;
            fields.remove("project");
            fields.remove("issuetype");
            return client.updateIssue(s.site, row.issueKey(), IssueInput.of(fields)).replaceWith(row.issueKey());
        }
        if (s.epicNameField != null) {
            fields.put(s.epicNameField, plan.epicSummary());
        }
        return mappings.creating(s.i.id(), s.i.organizationId(), s.prdId, List.of(JiraMappings.EPIC))
                .chain(() -> client.createIssue(s.site, IssueInput.of(fields)))
                .call(created -> mappings.result(s.i.id(), s.i.organizationId(), s.prdId, JiraMappings.EPIC,
                        created.key(), s.site.baseUrl() + "/browse/" + created.key(), s.version, null))
                .invoke(() -> s.created++)
                .map(CreatedIssue::key);
    }

    private Uni<Void> children(Sync s, Map<String, JiraMappings.Row> rows, Plan plan) {
        List<Requirement> toCreate = new ArrayList<>();
        List<Uni<Void>> updates = new ArrayList<>();
        for (Requirement r : plan.requirements()) {
            JiraMappings.Row row = rows.get(r.id());
            ObjectNode fields = childFields(s, r);
            if (row != null && row.issueKey() != null) {
                fields.remove("project");
                fields.remove("issuetype");
                fields.remove("parent");
                if (s.epicLinkField != null) {
                    fields.remove(s.epicLinkField);
                }
                Uni<Void> update = client.updateIssue(s.site, row.issueKey(), IssueInput.of(fields))
                        .invoke(() -> s.updated++);
                updates.add(!REMOVED.equals(row.status())
                        ? update
                        : update.chain(() -> mappings.result(s.i.id(),
                                s.i.organizationId(), s.prdId, r.id(), row.issueKey(), s.site.baseUrl() + "/browse/"
                                        + row.issueKey(),
                                s.version, null)));
            } else {
                toCreate.add(r);
            }
        }
        Uni<Void> updated = updates.isEmpty()
                ? Uni.createFrom().voidItem()
                : Multi.createFrom().iterable(updates).onItem().transformToUniAndConcatenate(u -> u).collect().last()
                        .replaceWithVoid();
        return updated.chain(() -> createInBatches(s, toCreate, 0));
    }

    /**
     * Requirements this version no longer has: each issue gets the label {@value #REMOVED_LABEL} and, once, a comment
     * naming the version (looked for before it is added, so a retry after a lost answer adds no second one); the row
     * becomes {@code removed}, which no done/total counts. Rows whose issue was never created just become removed.
     */
    private Uni<Void> removed(Sync s, Map<String, JiraMappings.Row> rows, Plan plan) {
        Set<String> current = new HashSet<>();
        plan.requirements().forEach(r -> current.add(r.id()));
        List<Uni<Void>> marks = new ArrayList<>();
        for (JiraMappings.Row row : rows.values()) {
            if (row.key().equals(JiraMappings.EPIC) || current.contains(row.key()) || REMOVED.equals(row.status())) {
                continue;
            }
            Uni<Void> mark = mappings.removed(s.i.id(), s.i.organizationId(), s.prdId, row.key(), s.version)
                    .invoke(() -> s.removed++);
            if (row.issueKey() == null) {
                marks.add(mark);
                continue;
            }
            String note = "This requirement was removed from the PRD in version " + (s.version == null
                    ? "(unknown)"
                    : s.version) + ".";
            List<String> labels = new ArrayList<>(labels(s.prdId, row.key()));
            labels.add(REMOVED_LABEL);
            ObjectNode fields = JsonNodeFactory.instance.objectNode();
            labels.forEach(fields.putArray("labels")::add);
            marks.add(client.updateIssue(s.site, row.issueKey(), IssueInput.of(fields))
                    .chain(() -> client.hasComment(s.site, row.issueKey(), s.site.dataCenter()
                            ? WikiMarkupWriter.plainText(note)
                            : note))
                    .chain(has -> has
                            ? Uni.createFrom().voidItem()
                            : client.addComment(s.site, row.issueKey(), s.site.plainText(note)))
                    .chain(() -> mark));
        }
        return marks.isEmpty()
                ? Uni.createFrom().voidItem()
                : Multi.createFrom().iterable(marks).onItem().transformToUniAndConcatenate(u -> u).collect().last()
                        .replaceWithVoid();
    }

    private Uni<Void> createInBatches(Sync s, List<Requirement> all, int from) {
        if (from >= all.size()) {
            return Uni.createFrom().voidItem();
        }
        List<Requirement> batch = all.subList(from, Math.min(all.size(), from + JiraClient.MAX_BULK));
        List<IssueInput> inputs = batch.stream().map(r -> IssueInput.of(childFields(s, r))).toList();
        return mappings.creating(s.i.id(), s.i.organizationId(), s.prdId,
                batch.stream().map(Requirement::id).toList())
                .chain(() -> client.bulkCreate(s.site, inputs))
                .chain(items -> Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(item -> {
                    Requirement r = batch.get(item.index());
                    if (item.created()) {
                        s.created++;
                        return mappings.result(s.i.id(), s.i.organizationId(), s.prdId, r.id(), item.issue().key(),
                                s.site.baseUrl() + "/browse/" + item.issue().key(), s.version, null);
                    }
                    s.failed.add(r.id() + ": " + item.error());
                    if (item.status() != null && (item.status() == 429 || item.status() >= 500)) {
                        s.retryable = true;
                    }
                    return mappings.result(s.i.id(), s.i.organizationId(), s.prdId, r.id(), null, null, null,
                            ctxRedact(s, item.error()));
                }).collect().last().replaceWithVoid())
                .chain(() -> createInBatches(s, all, from + batch.size()));
    }

    private static String ctxRedact(Sync s, String text) {
        return s.ctx.redact(text);
    }

    private ObjectNode childFields(Sync s, Requirement r) {
        ObjectNode fields = IssueInput.fields(s.projectKey, s.childType.id(), summary(r.summary()), s.site.richText(
                r.description()), labels(s.prdId, r.id()), s.site.dataCenter() ? null : s.epicKey);
        if (s.epicLinkField != null && s.epicKey != null) {
            fields.put(s.epicLinkField, s.epicKey);
        }
        return fields;
    }

    private static List<String> labels(UUID prdId, String key) {
        return List.of("prdtool", prdLabel(prdId), itemLabel(prdId, key));
    }

    private static Uni<JiraSite> site(DeliveryContext ctx) {
        JsonNode settings = ctx.integration().settings();
        return ctx.secret().map(secret -> JiraSite.of(settings, secret));
    }

    private static String summary(String s) {
        String one = s == null ? "" : s.replaceAll("[\\r\\n]+", " ").trim();
        return one.length() > Requirements.MAX_SUMMARY ? one.substring(0, Requirements.MAX_SUMMARY - 1) + "…" : one;
    }

    /** The state of one sync attempt. */
    private static final class Sync {

        final DeliveryContext ctx;
        final JiraSite site;
        final Integration i;
        final UUID prdId;
        final String projectKey;
        final String version;
        JiraIssueType epicType;
        JiraIssueType childType;
        String epicLinkField;
        String epicNameField;
        String epicKey;
        int created;
        int updated;
        int removed;
        boolean retryable;
        final List<String> failed = new ArrayList<>();

        Sync(DeliveryContext ctx, JiraSite site, Integration i, UUID prdId, String projectKey, String version) {
            this.ctx = ctx;
            this.site = site;
            this.i = i;
            this.prdId = prdId;
            this.projectKey = projectKey;
            this.version = version;
        }
    }
}
