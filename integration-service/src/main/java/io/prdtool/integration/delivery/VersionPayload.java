package io.prdtool.integration.delivery;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * What a {@code PrdVersionCreated} delivery says about the version, read once from the recorded payload ({@code data}
 * = the event, {@code prd} = the projection's view of the PRD) for the adapters that publish a version's content (git,
 * Jira, Confluence, Craft). The Markdown is {@code inlineMarkdown} when it travelled in the event; versions too large
 * for that carry only {@code contentHash} and are read by claim-check ({@code git.ClaimCheck#markdown}).
 *
 * @param title the event's title, else the projection's, else {@code "PRD <id>"}
 * @param link the PRD's page in the app (projection), or null
 */
public record VersionPayload(UUID prdId, UUID organizationId, String version, String title, String slug,
        String status, String changelog, String contentHash, String inlineMarkdown, String link, String time) {

    /** Reads the payload of {@code ctx}; a payload without a PRD id fails as terminal (a retry cannot fix it). */
    public static Uni<VersionPayload> of(DeliveryContext ctx) {
        JsonNode data = ctx.payload().path("data");
        JsonNode prd = ctx.payload().path("prd");
        UUID prdId;
        try {
            prdId = UUID.fromString(data.path("prdId").asText());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(DeliveryException.terminal("the delivery names no PRD"));
        }
        return Uni.createFrom().item(new VersionPayload(prdId, ctx.integration().organizationId(),
                text(data, "version"), first(text(data, "title"), text(prd, "title"), "PRD " + prdId),
                first(text(data, "slug"), text(prd, "slug"), null), first(text(data, "status"), text(prd, "status"),
                        null),
                text(data, "changelog"), text(data, "contentHash"), text(data, "markdown"), text(prd, "link"),
                text(ctx.payload(), "time")));
    }

    /** A non-empty text field of {@code node}, else null (also for a missing node or a non-text value). */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || !v.isTextual() || v.asText().isEmpty() ? null : v.asText();
    }

    /** The first of the three that is not null. */
    public static String first(String a, String b, String c) {
        return a != null ? a : (b != null ? b : c);
    }
}
