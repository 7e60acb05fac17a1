package io.prdtool.integration.confluence;

import static io.prdtool.integration.delivery.VersionPayload.text;

import java.util.Optional;
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
import io.prdtool.integration.http.HttpAuth;
import io.prdtool.integration.integration.IntegrationType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code confluence.publish}: one page per PRD in the integration's space ({@code spaceKey}) under its parent page
 * ({@code parentPageId}, else the space root), the PRD's Markdown in storage format ({@link StorageFormat}). The next
 * version replaces the page's body as version number + 1 with the message {@code v<semver>: <changelog>} (a 409 is
 * re-read and retried by the client); the mapping keeps the page id. When no page id is known yet (first publish, or
 * a create whose answer was lost) the page is looked up by title first (titles are unique per space) and adopted if
 * its {@value #PROPERTY} page property names this PRD (or, on a retry, if it has none yet); a page of the same title
 * that is not ours fails the delivery as terminal rather than being overwritten.
 */
@ApplicationScoped
public class ConfluenceDeliverer implements Deliverer {

    /** The page property that marks a page as a PRD's: {@code {"prdId":…, "version":…}}. */
    public static final String PROPERTY = "prdtool";

    @Inject
    ConfluenceClient client;

    @Inject
    ClaimCheck claimCheck;

    @Inject
    Pool pool;

    @Override
    public Set<String> actions() {
        return Set.of(PendingAdapter.CONFLUENCE_PUBLISH);
    }

    @Override
    public String mappingType(String action) {
        return "page";
    }

    @Override
    public Set<IntegrationType> testedTypes() {
        return Set.of(IntegrationType.CONFLUENCE);
    }

    @Override
    public Uni<Delivered> testConnection(DeliveryContext ctx) {
        String spaceKey = ctx.integration().settings().path("spaceKey").asText();
        return site(ctx).chain(site -> client.spaceIdForKey(site, spaceKey)).map(id -> {
            ctx.note("GET /wiki/api/v2/spaces?keys=" + spaceKey, "space " + spaceKey + " is visible (id " + id + ")");
            return Delivered.status(200);
        });
    }

    @Override
    public Uni<Delivered> deliver(DeliveryContext ctx) {
        JsonNode settings = ctx.integration().settings();
        String spaceKey = settings.path("spaceKey").asText();
        String parentId = text(settings, "parentPageId");
        return VersionPayload.of(ctx).chain(v -> publish(ctx, v, spaceKey, parentId));
    }

    private Uni<Delivered> publish(DeliveryContext ctx, VersionPayload v, String spaceKey, String parentId) {
        UUID prdId = v.prdId();
        String title = v.title();
        String version = v.version();
        String message = "v" + version + (v.changelog() == null ? "" : ": " + v.changelog());
        ObjectNode marker = JsonNodeFactory.instance.objectNode().put("prdId", prdId.toString()).put("version",
                version);
        return claimCheck.markdown(v).chain(md -> {
            String storage = StorageFormat.toStorage(md);
            return site(ctx).chain(site -> knownPage(ctx.integration().id(), prdId).chain(known -> {
                if (known.isPresent()) {
                    return client.getPage(site, known.get()).chain(page -> client.updatePage(site, page.id(), title,
                            storage, page.version() + 1, message));
                }
                return client.spaceIdForKey(site, spaceKey).chain(spaceId -> client.findPage(site, spaceId, title)
                        .chain(found -> found.isEmpty()
                                ? client.createPage(site, spaceId, parentId, title, storage)
                                : adopt(site, found.get(), prdId, title, ctx.attempt() > 1)
                                        .chain(page -> client.updatePage(site,
                                                page.id(), title, storage, page.version() + 1, message))));
            }).call(page -> client.setProperty(site, page.id(), PROPERTY, marker)).map(page -> {
                String url = site.baseUrl() + "/wiki/pages/viewpage.action?pageId=" + page.id();
                ctx.note("publish PRD " + prdId + " v" + version + " to space " + spaceKey, "page " + page.id()
                        + " version " + page.version());
                return new Delivered(200, page.id(), url, version, v.contentHash());
            }));
        });
    }

    /**
     * A page found by title is ours if its marker property names this PRD, or, on a retry, if it has no marker yet (the
     * previous attempt's create was applied but its answer lost, before the marker was set).
     */
    private Uni<ConfluencePage> adopt(ConfluenceSite site, ConfluencePage page, UUID prdId, String title,
            boolean retry) {
        return client.getProperty(site, page.id(), PROPERTY).map(p -> {
            boolean ours = p.isPresent() ? prdId.toString().equals(p.get().value().path("prdId").asText()) : retry;
            if (!ours) {
                throw DeliveryException.terminal("a page titled \"" + title + "\" that this integration did not"
                        + " create already exists in the space; rename one of them");
            }
            return page;
        });
    }

    private Uni<Optional<String>> knownPage(UUID integrationId, UUID prdId) {
        return pool.preparedQuery("SELECT external_id FROM integration_mappings WHERE integration_id = $1"
                + " AND prd_id = $2 AND external_type = 'page' AND external_id IS NOT NULL")
                .execute(Tuple.of(integrationId, prdId)).map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.ofNullable(rows.iterator().next().getString("external_id")));
    }

    private static Uni<ConfluenceSite> site(DeliveryContext ctx) {
        JsonNode s = ctx.integration().settings();
        String email = text(s, "email");
        return ctx.secret().map(secret -> new ConfluenceSite(s.path("baseUrl").asText(), email != null
                ? new HttpAuth.Basic(email, secret)
                : new HttpAuth.Bearer(secret)));
    }
}
