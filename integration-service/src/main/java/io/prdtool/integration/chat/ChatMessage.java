package io.prdtool.integration.chat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a chat message says, independent of the vendor: a one-line headline (also the notification fallback text),
 * detail lines, and a link to the PRD. Built from a delivery payload: a PRD event ({@code *.message}), a personal
 * notification ({@code *.dm}) or a connection test.
 */
public record ChatMessage(String headline, List<String> details, String link, String linkText) {

    public String plainText() {
        StringBuilder sb = new StringBuilder(headline);
        details.forEach(d -> sb.append('\n').append(d));
        if (link != null) {
            sb.append('\n').append(link);
        }
        return sb.toString();
    }

    public static ChatMessage test(String integrationName) {
        return new ChatMessage("PRD Tool connection test", List.of("Messages of the integration \"" + integrationName
                + "\" will arrive here."), null, null);
    }

    /** A personal notification: its title and body as notification-service wrote them. */
    public static ChatMessage notification(ObjectNode p) {
        List<String> details = new ArrayList<>();
        if (p.hasNonNull("body")) {
            details.add(p.get("body").asText());
        }
        return new ChatMessage(text(p, "title", "Notification from PRD Tool"), details,
                p.hasNonNull("link") ? p.get("link").asText() : null, "Open in PRD Tool");
    }

    /** A PRD event as a message. */
    public static ChatMessage prdEvent(ObjectNode p) {
        JsonNode data = p.path("data");
        JsonNode prd = p.path("prd");
        String title = prd.hasNonNull("title") ? prd.get("title").asText() : text(data, "title", "A PRD");
        String version = text(data, "version", null);
        List<String> details = new ArrayList<>();
        String headline = switch (p.path("eventType").asText()) {
            case "PrdApproved" -> {
                if (version != null) {
                    details.add("Version " + version);
                }
                yield "\"" + title + "\" was approved";
            }
            case "PrdVersionCreated" -> {
                String changelog = text(data, "changelog", null);
                if (changelog != null && !changelog.isBlank()) {
                    details.add(changelog.length() > 500 ? changelog.substring(0, 500) + "…" : changelog);
                }
                yield "\"" + title + "\" has a new version" + (version == null ? "" : " " + version);
            }
            case "PrdStatusChanged" -> "\"" + title + "\" moved from " + status(text(data, "previousStatus", "?"))
                    + " to " + status(text(data, "status", "?"));
            case "PrdApprovalInvalidated" -> {
                String reason = text(data, "reason", null);
                if (reason != null) {
                    details.add(reason);
                }
                yield "\"" + title + "\" changed after its approval and needs a new one";
            }
            case "PrdCreated" -> "\"" + title + "\" was created";
            case "PrdUpdated" -> "\"" + title + "\" was updated";
            case "PrdDeleted" -> "\"" + title + "\" was deleted";
            default -> "\"" + title + "\": " + p.path("eventType").asText();
        };
        String project = prd.path("project").path("name").asText(null);
        if (project != null) {
            details.add("Project: " + project);
        }
        boolean deleted = "PrdDeleted".equals(p.path("eventType").asText());
        return new ChatMessage(headline, details, deleted ? null : prd.path("link").asText(null), "Open the PRD");
    }

    private static String status(String s) {
        return s.replace('_', ' ');
    }

    private static String text(JsonNode n, String field, String fallback) {
        return n.hasNonNull(field) && !n.get(field).asText().isBlank() ? n.get(field).asText() : fallback;
    }
}
