package io.prdtool.integration.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Slack's formatting: mrkdwn needs {@code &}, {@code <} and {@code >} escaped (they start links and mentions), and a
 * message is Block Kit blocks plus a plain {@code text} fallback (shown in notifications and by old clients).
 */
public final class SlackText {

    private SlackText() {
    }

    public static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@code {"text": fallback, "blocks": [...]}} for an incoming webhook or chat.postMessage. */
    public static ObjectNode message(ObjectMapper mapper, ChatMessage m) {
        ObjectNode body = mapper.createObjectNode();
        body.put("text", m.plainText());
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode section = blocks.addObject();
        section.put("type", "section");
        StringBuilder mrkdwn = new StringBuilder("*").append(escape(m.headline())).append('*');
        m.details().forEach(d -> mrkdwn.append('\n').append(escape(d)));
        section.putObject("text").put("type", "mrkdwn").put("text", mrkdwn.toString());
        if (m.link() != null) {
            ObjectNode context = blocks.addObject();
            context.put("type", "context");
            context.putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", "<" + m.link().replace("|", "%7C").replace(">", "%3E") + "|" + escape(m.linkText())
                            + ">");
        }
        return body;
    }
}
