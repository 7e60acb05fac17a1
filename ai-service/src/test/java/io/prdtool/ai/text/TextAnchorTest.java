package io.prdtool.ai.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class TextAnchorTest {

    private static final String TEXT = "The export must be fast. The import must be fast too, even for a big file. "
            + "Search must be fast.";

    @Test
    void ofQuotesTheRangeWithUpToThirtyTwoCharsOfContextEachSide() {
        int start = TEXT.indexOf("fast too");
        TextAnchor a = TextAnchor.of(TEXT, start, start + 4);

        assertThat(a.exact()).isEqualTo("fast");
        assertThat(a.start()).isEqualTo(start);
        assertThat(a.prefix()).isEqualTo(TEXT.substring(start - 32, start)).hasSize(32);
        assertThat(a.suffix()).isEqualTo(TEXT.substring(start + 4, start + 4 + 32)).hasSize(32);
    }

    @Test
    void contextIsShorterNearTheEnds() {
        TextAnchor first = TextAnchor.of(TEXT, 0, 3);
        TextAnchor last = TextAnchor.of(TEXT, TEXT.length() - 5, TEXT.length());

        assertThat(first.prefix()).isEmpty();
        assertThat(first.locate(TEXT)).hasValue(0);
        assertThat(last.suffix()).isEmpty();
        assertThat(last.exact()).isEqualTo("fast.");
        assertThat(last.locate(TEXT)).hasValue(TEXT.length() - 5);
    }

    @Test
    void locateFindsTheRightOneOfRepeatedQuotes() {
        for (int from = 0, at; (at = TEXT.indexOf("fast", from)) >= 0; from = at + 1) {
            TextAnchor a = TextAnchor.of(TEXT, at, at + 4);
            assertThat(a.locate(TEXT)).as("occurrence at %d", at).hasValue(at);
        }
    }

    @Test
    void locateFollowsTheQuoteWhenTextIsInsertedBeforeIt() {
        int start = TEXT.indexOf("fast too");
        TextAnchor a = TextAnchor.of(TEXT, start, start + 4);
        String edited = "Intro added later, which also says fast. " + TEXT;

        assertThat(a.locate(edited)).hasValue(start + "Intro added later, which also says fast. ".length());
    }

    @Test
    void locateFollowsTheQuoteWhenTextIsDeletedBeforeIt() {
        int start = TEXT.indexOf("fast.", 30);
        TextAnchor a = TextAnchor.of(TEXT, start, start + 4);
        String edited = TEXT.substring("The export must be fast. ".length());

        assertThat(a.locate(edited)).hasValue(start - "The export must be fast. ".length());
    }

    @Test
    void locateIsEmptyWhenTheQuoteIsGone() {
        TextAnchor a = TextAnchor.of(TEXT, TEXT.indexOf("import"), TEXT.indexOf("import") + 6);

        assertThat(a.locate(TEXT.replace("import", "upload"))).isEmpty();
        assertThat(a.locate("")).isEmpty();
    }

    @Test
    void prefixAndSuffixDecideBetweenOccurrencesBeforeNearness() {
        String text = "alpha TBD omega ... beta TBD gamma";
        TextAnchor second = TextAnchor.of(text, text.lastIndexOf("TBD"), text.lastIndexOf("TBD") + 3);
        // the hint now points at the first occurrence, but the context still says "beta ... gamma"
        TextAnchor misleadingHint = new TextAnchor("TBD", second.prefix(), second.suffix(), text.indexOf("TBD"));

        assertThat(misleadingHint.locate(text)).hasValue(text.lastIndexOf("TBD"));
    }

    @Test
    void equalContextFallsBackToNearnessToStart() {
        String text = "x TBD y x TBD y x TBD y";
        TextAnchor hintedAtThird = new TextAnchor("TBD", "x ", " y", 19);

        assertThat(hintedAtThird.locate(text)).hasValue(18);
        assertThat(new TextAnchor("TBD", "x ", " y", 0).locate(text)).hasValue(2);
    }

    @Test
    void equallyNearOccurrencesResolveToTheEarlierOne() {
        String text = "a-Q-a a-Q-a";
        TextAnchor between = new TextAnchor("Q", "a-", "-a", 5);

        assertThat(between.locate(text)).hasValue(2);
    }

    @Test
    void noContextAgreementAtAllIsEmptyRatherThanAGuess() {
        TextAnchor a = new TextAnchor("fast", "must be ", ".", 10);

        assertThat(a.locate("xfasty and zfastw")).isEmpty();
        assertThat(a.locate("only xfasty here")).as("a single occurrence out of context is not trusted").isEmpty();
        assertThat(a.locate("it must be fast!")).hasValue(11);
    }

    @Test
    void anAnchorWithoutContextUsesNearnessAlone() {
        TextAnchor whole = TextAnchor.of("TBD", 0, 3);

        assertThat(whole.prefix()).isEmpty();
        assertThat(whole.suffix()).isEmpty();
        assertThat(whole.locate("TBD and TBD")).hasValue(0);
        assertThat(new TextAnchor("TBD", "", "", 9).locate("TBD and TBD")).hasValue(8);
    }

    @Test
    void overlappingOccurrencesAreAllCandidates() {
        String text = "aaaa";
        TextAnchor a = TextAnchor.of(text, 1, 3);

        assertThat(a.locate(text)).hasValue(1);
        assertThat(TextAnchor.of(text, 2, 4).locate(text)).hasValue(2);
    }

    @Test
    void contextNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00".repeat(16); // 32 UTF-16 chars: even indexes high, odd indexes low surrogates

        // the 32-char window before "b" (index 33) would start at index 1, the second half of a pair
        String text = emoji + "ab" + "tail";
        TextAnchor before = TextAnchor.of(text, 33, 34);
        assertThat(before.prefix()).hasSize(31).isEqualTo(text.substring(2, 33));
        assertThat(Character.isHighSurrogate(before.prefix().charAt(0))).isTrue();

        // the 32-char window after "X?" would end between the halves of a pair
        String tail = "X" + "\uD83D\uDE00".repeat(20);
        TextAnchor after = TextAnchor.of(tail, 0, 2);
        assertThat(after.suffix()).hasSize(31).isEqualTo(tail.substring(2, 33));
        assertThat(Character.isHighSurrogate(after.suffix().charAt(after.suffix().length() - 1))).isFalse();

        assertThat(before.locate(text)).hasValue(33);
        assertThat(after.locate(tail)).hasValue(0);
    }

    @Test
    void locateCountsUtf16IndexesAcrossEmoji() {
        String text = "🎉 launch 🎉 is fast 👍🏽 and fast";
        int second = text.lastIndexOf("fast");
        TextAnchor a = TextAnchor.of(text, second, second + 4);

        assertThat(a.locate(text)).hasValue(second);
        assertThat(a.locate("🧑‍💻" + text)).hasValue(second + "🧑‍💻".length());
    }

    @Test
    void locateIsLinearOnAMegabyteText() {
        String text = "ab".repeat(500_000) + "TBD" + "ab".repeat(10);
        TextAnchor a = TextAnchor.of(text, 1_000_000, 1_000_003);
        String worstCase = "a".repeat(1_000_000);
        TextAnchor almost = new TextAnchor("a".repeat(999) + "b", "", "", 0);

        long t0 = System.nanoTime();
        OptionalInt found = a.locate(text);
        OptionalInt none = almost.locate(worstCase);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(found).hasValue(1_000_000);
        assertThat(none).isEmpty();
        assertThat(ms).as("KMP scan, no quadratic blow-up").isLessThan(2_000);
    }

    @Test
    void rejectsInvalidRanges() {
        assertThatThrownBy(() -> TextAnchor.of("abc", 2, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextAnchor.of("abc", -1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextAnchor.of("abc", 1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TextAnchor("", "", "", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TextAnchor("a", "", "", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullContextReadsAsEmpty() {
        TextAnchor a = new TextAnchor("x", null, null, 0);

        assertThat(a.prefix()).isEmpty();
        assertThat(a.suffix()).isEmpty();
    }
}
