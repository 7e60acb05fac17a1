package io.prdtool.integration.craft;

import static io.prdtool.integration.delivery.VersionPayload.text;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.delivery.Delivered;
import io.prdtool.integration.delivery.Deliverer;
import io.prdtool.integration.delivery.DeliveryContext;
import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.delivery.PendingAdapter;
import io.prdtool.integration.delivery.VersionPayload;
import io.prdtool.integration.http.GuardedHttp.HttpAnswer;
import io.prdtool.integration.http.GuardedHttp.HttpCall;
import io.prdtool.integration.integration.IntegrationType;
import io.smallrye.mutiny.Uni;

/**
 * {@code craft.publish}: appends a PRD version to the Craft document {@code settings.documentId} through Craft's API
 * connection link (the credential, {@code https://connect.craft.do/links/<linkId>/api/v1}):
 * {@code POST {link}/blocks} with one text block of Markdown (a heading {@code <title> v<version>}, the changelog,
 * the PRD) at the end of the page. Craft has no idempotency key: an append whose answer was lost (a timeout after Craft
 * applied it) may appear twice after the retry. Test connection: {@code GET {link}/blocks?id=<documentId>} (or
 * {@code GET {link}/documents} without a document). 401/403 disable the integration (link revoked), 404 is gone.
 */
@ApplicationScoped
public class CraftDeliverer implements Deliverer {

    @Override
    public Set<String> actions() {
        return Set.of(PendingAdapter.CRAFT_PUBLISH);
    }

    @Override
    public String mappingType(String action) {
        return "page";
    }

    @Override
    public Set<IntegrationType> testedTypes() {
        return Set.of(IntegrationType.CRAFT);
    }

    @Override
    public Uni<Delivered> testConnection(DeliveryContext ctx) {
        String doc = text(ctx.integration().settings(), "documentId");
        return ctx.secret().chain(link -> ctx.send(HttpCall.get(URI.create(base(link) + (doc == null
                ? "/documents"
                : "/blocks?id=" + URLEncoder.encode(doc, StandardCharsets.UTF_8))), Map.of("Accept",
                        "application/json"))))
                .map(answer -> {
                    check(answer, ctx);
                    return Delivered.status(answer.status());
                });
    }

    @Override
    public Uni<Delivered> deliver(DeliveryContext ctx) {
        String doc = text(ctx.integration().settings(), "documentId");
        if (doc == null) {
            return Uni.createFrom().failure(DeliveryException.terminal(
                    "settings.documentId is required to publish to Craft (the document to append to)"));
        }
        return VersionPayload.of(ctx).chain(v -> append(ctx, v, doc));
    }

    private Uni<Delivered> append(DeliveryContext ctx, VersionPayload v, String doc) {
        String markdown = v.inlineMarkdown();
        if (markdown == null) {
            return Uni.createFrom().failure(DeliveryException.terminal(
                    "version too large to travel in its event; Craft publishing takes inline versions only"));
        }
        String title = v.title();
        String version = v.version();
        String changelog = v.changelog();
        StringBuilder md = new StringBuilder("## ").append(title.replaceAll("[\\r\\n]+", " "));
        if (version != null) {
            md.append(" v").append(version);
        }
        md.append("\n\n");
        if (changelog != null) {
            md.append("_").append(changelog.replaceAll("[\\r\\n]+", " ")).append("_\n\n");
        }
        md.append(markdown);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("blocks").addObject().put("type", "text").put("markdown", md.toString());
        body.putObject("position").put("position", "end").put("pageId", doc);
        return ctx.secret().chain(link -> ctx.send(HttpCall.postJson(URI.create(base(link) + "/blocks"), Map.of(),
                body.toString()))).map(answer -> {
                    check(answer, ctx);
                    return new Delivered(answer.status(), doc, null, version, v.contentHash());
                });
    }

    private static void check(HttpAnswer answer, DeliveryContext ctx) {
        if (answer.successful()) {
            return;
        }
        if (answer.status() >= 300 && answer.status() < 400) {
            throw new DeliveryException(DeliveryException.Kind.TERMINAL, "Craft answered a redirect ("
                    + answer.status() + "); redirects are not followed", answer.status(), null, null, null);
        }
        throw DeliveryException.fromHttp("Craft", answer.status(), answer.header("Retry-After"),
                ctx.redact(answer.text()), true);
    }

    private static String base(String link) {
        String l = link.trim();
        return l.endsWith("/") ? l.substring(0, l.length() - 1) : l;
    }
}
