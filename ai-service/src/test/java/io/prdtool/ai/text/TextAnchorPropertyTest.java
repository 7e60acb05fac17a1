package io.prdtool.ai.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Random texts and ranges, fixed seeds: the invariants hold for every anchor. */
class TextAnchorPropertyTest {

    private static final String[] PIECES = {"a", "b", "fast", " ", " ", "\n", "TBD", "é", "漢", "😀", "👍🏽", "🧑‍💻",
            ".", "-", "etc."};

    private static String randomText(Random random, int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    @Test
    void everyAnchorQuotesItsTextAndLocatesBackToItsStart() {
        Random random = new Random(20261202);
        for (int round = 0; round < 2_000; round++) {
            String text = randomText(random, 1 + random.nextInt(200));
            int start = random.nextInt(text.length());
            int end = start + 1 + random.nextInt(Math.min(12, text.length() - start));

            TextAnchor a = TextAnchor.of(text, start, end);

            assertThat(text.substring(a.start(), a.start() + a.exact().length())).isEqualTo(a.exact());
            assertThat(text.substring(0, start)).endsWith(a.prefix());
            assertThat(text.substring(end)).startsWith(a.suffix());
            assertThat(a.prefix().length()).isBetween(Math.min(start, TextAnchor.CONTEXT) - 1, TextAnchor.CONTEXT);
            assertThat(a.locate(text)).as("round %d", round).hasValue(start);
        }
    }

    @Test
    void anEditOutsideTheContextShiftsTheAnchorByItsLength() {
        Random random = new Random(7);
        for (int round = 0; round < 1_000; round++) {
            String text = randomText(random, 80 + random.nextInt(200));
            int start = 40 + random.nextInt(text.length() - 80);
            int end = start + 1 + random.nextInt(8);
            TextAnchor a = TextAnchor.of(text, start, end);
            // digits never occur in the texts, so the insertion cannot create a competing occurrence
            String inserted = "0123456789".substring(random.nextInt(10));
            int at = random.nextInt(Math.max(1, start - TextAnchor.CONTEXT));

            String edited = text.substring(0, at) + inserted + text.substring(at);

            assertThat(a.locate(edited)).as("round %d", round).hasValue(start + inserted.length());
        }
    }
}
