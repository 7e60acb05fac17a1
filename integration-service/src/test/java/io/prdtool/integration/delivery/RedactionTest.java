package io.prdtool.integration.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.prdtool.integration.http.GuardedHttp.HttpAnswer;
import io.prdtool.integration.http.GuardedHttp.HttpCall;

class RedactionTest {

    @Test
    void credentialsNeverReachAnExcerpt() {
        String hook = "https://hooks.slack.com/services/T0001/B0001/s3cr3tKeyValue";
        Redaction r = new Redaction(List.of(hook, "xoxb-1234-abcd"));
        HttpCall call = new HttpCall("POST", URI.create(hook), Map.of("Authorization", "Bearer xoxb-1234-abcd",
                "Content-Type", "application/json"), "{\"token\":\"xoxb-1234-abcd\"}".getBytes(StandardCharsets.UTF_8),
                null);
        String excerpt = r.request(call);
        assertThat(excerpt).doesNotContain("s3cr3tKeyValue").doesNotContain("xoxb-1234-abcd")
                .contains("POST https://hooks.slack.com/***").contains("Authorization: ***")
                .contains("Content-Type: application/json");
        assertThat(r.answer(new HttpAnswer(403, Map.of("set-cookie", "sid=1"), "bad xoxb-1234-abcd".getBytes())))
                .doesNotContain("xoxb").doesNotContain("sid=1");
    }

    @Test
    void queryValuesAreMaskedAndLongTextIsCut() {
        Redaction r = new Redaction(List.of());
        assertThat(r.url(URI.create("https://x.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=1"
                + "&sig=abcdef"))).endsWith("?api-version=***&sig=***");
        assertThat(r.text("x".repeat(5000))).hasSize(Redaction.MAX + 1);
    }
}
