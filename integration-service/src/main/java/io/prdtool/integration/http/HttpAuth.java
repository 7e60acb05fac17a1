package io.prdtool.integration.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code Authorization} a target takes. Its {@code toString} never shows the secret, so an auth value can appear
 * in a log line or an exception without leaking.
 */
public sealed interface HttpAuth {

    /** The {@code Authorization} header value. */
    String headerValue();

    /** The secret itself, for redacting it from answers. */
    String secret();

    /** {@code Basic base64(user:secret)}: Jira and Confluence Cloud with an e-mail address and an API token. */
    record Basic(String user, String secret) implements HttpAuth {

        @Override
        public String headerValue() {
            return "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Basic[" + user + ", ****]";
        }
    }

    /** {@code Bearer <token>}: Jira/Confluence Data Center personal access tokens, Slack and Mattermost bots. */
    record Bearer(String secret) implements HttpAuth {

        @Override
        public String headerValue() {
            return "Bearer " + secret;
        }

        @Override
        public String toString() {
            return "Bearer[****]";
        }
    }
}
