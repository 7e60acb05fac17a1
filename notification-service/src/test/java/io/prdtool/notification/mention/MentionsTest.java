package io.prdtool.notification.mention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class MentionsTest {

    @Test
    void findsBothFormsAndIgnoresCode() {
        UUID id = UUID.randomUUID();
        String md = "Ping @[Bob B.](mention:" + id + ") and @Carol@Acme.Example.\n"
                + "Mail me: alice@acme.example (not a mention)\n`@inline@acme.example`\n"
                + "```\n@fenced@acme.example\n```\n~~~\n@tilde@acme.example\n~~~\n";
        Mentions.Found f = Mentions.in(md);
        assertThat(f.userIds()).containsExactly(id);
        assertThat(f.emails()).containsExactly("carol@acme.example");
    }

    @Test
    void nothingInNothing() {
        assertThat(Mentions.in(null).isEmpty()).isTrue();
        assertThat(Mentions.in("no @ mentions @[x](https://example.com) here").isEmpty()).isTrue();
    }
}
