package io.prdtool.prd.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.search.lucene.EnglishAnalysis;
import io.prdtool.prd.search.lucene.WebSearchQuery;

/** The web-search syntax as Lucene queries (the HTTP tests cover what the results are). */
class WebSearchQueryTest {

    private static final EnglishAnalysis ENGLISH = new EnglishAnalysis();

    private static String parse(String q) {
        WebSearchQuery parsed = WebSearchQuery.parse(q, ENGLISH, 2f);
        return parsed.text() == null ? null : parsed.text().toString();
    }

    @Test
    void wordsAreAndedOrBindsTighterAndExclusionsAreMustNot() {
        assertThat(parse("Invoices b2b or SAML -refunds")).isEqualTo("+((title:invoic)^2.0 content:invoic)"
                + " +(((title:b2b)^2.0 content:b2b) ((title:saml)^2.0 content:saml))"
                + " -((title:refund)^2.0 content:refund)");
    }

    @Test
    void phrasesKeepStopWordGapsAndHyphenatedWordsArePhrases() {
        assertThat(parse("\"view of the mode\"")).isEqualTo(
                "+((title:\"view ? ? mode\")^2.0 content:\"view ? ? mode\")");
        assertThat(parse("one-click")).isEqualTo("+((title:\"one click\")^2.0 content:\"one click\")");
    }

    @Test
    void unclosedQuotesRunToTheEndAndOperatorsAloneMatchNothing() {
        assertThat(parse("\"dark mode")).isEqualTo("+((title:\"dark mode\")^2.0 content:\"dark mode\")");
        assertThat(parse("or - \"\" -\"the\" or")).isNull();
        assertThat(parse("-mobile")).isEqualTo("-((title:mobil)^2.0 content:mobil) +*:*");
    }

    @Test
    void andedWordsCloseTogetherScoreHigherWithoutChangingWhatMatches() {
        assertThat(parse("passkey logins -mobile")).isEqualTo("+((title:passkey)^2.0 content:passkey)"
                + " +((title:login)^2.0 content:login) -((title:mobil)^2.0 content:mobil)"
                + " ((title:\"passkey login\"~3)^2.0 content:\"passkey login\"~3)");
        assertThat(parse("\"dark mode\" pricing")).isEqualTo(
                "+((title:\"dark mode\")^2.0 content:\"dark mode\") +((title:price)^2.0 content:price)"
                        + " ((title:\"dark mode price\"~3)^2.0 content:\"dark mode price\"~3)");
        // a single operand, or words joined by or, get no proximity clause
        assertThat(parse("sign-on")).doesNotContain("~");
        assertThat(parse("saml or scim")).doesNotContain("~");
    }
}
