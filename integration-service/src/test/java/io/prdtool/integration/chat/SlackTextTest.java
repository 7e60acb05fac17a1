package io.prdtool.integration.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class SlackTextTest {

    @Test
    void controlCharactersOfMrkdwnAreEscapedAndTheFallbackStaysPlain() {
        assertThat(SlackText.escape("a & b <@U123> >x")).isEqualTo("a &amp; b &lt;@U123&gt; &gt;x");
        var body = SlackText.message(new ObjectMapper(), new ChatMessage("<!channel> & co", List.of("x > y"),
                "https://app/prds/1?a=b|c", "Open"));
        assertThat(body.get("text").asText()).startsWith("<!channel> & co");
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("*&lt;!channel&gt; &amp; co*\nx &gt; y");
        assertThat(body.at("/blocks/1/elements/0/text").asText()).isEqualTo("<https://app/prds/1?a=b%7Cc|Open>");
    }
}
