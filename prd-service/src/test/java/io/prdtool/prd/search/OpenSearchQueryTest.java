package io.prdtool.prd.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.search.lucene.EnglishAnalysis;
import io.prdtool.prd.search.lucene.WebSearchQuery;
import io.prdtool.prd.search.opensearch.OpenSearchQuery;

/**
 * The parsed web-search syntax written as OpenSearch DSL (OpenSearchSearchApiTest covers what the results are):
 * the same clauses, boosts and analysed terms as the lucene engine's query, phrases with their stop-word gaps.
 */
class OpenSearchQueryTest {

    private static final EnglishAnalysis ENGLISH = new EnglishAnalysis();

    private static String dsl(String q) {
        return OpenSearchQuery.of(WebSearchQuery.parse(q, ENGLISH, 2f).text()).toString();
    }

    @Test
    void wordsAreMustClausesOverBoostedTitleAndContentTerms() {
        assertThat(dsl("invoices -refunds")).isEqualTo("{\"bool\":{\"must\":[{\"bool\":{\"should\":["
                + "{\"term\":{\"title\":{\"value\":\"invoic\",\"boost\":2.0}}},"
                + "{\"term\":{\"content\":{\"value\":\"invoic\"}}}]}}],"
                + "\"must_not\":[{\"bool\":{\"should\":["
                + "{\"term\":{\"title\":{\"value\":\"refund\",\"boost\":2.0}}},"
                + "{\"term\":{\"content\":{\"value\":\"refund\"}}}]}}]}}");
    }

    @Test
    void phrasesAreOrderedSpansWithGapsWhereStopWordsWere() {
        assertThat(dsl("\"view of the mode\"")).contains("{\"span_near\":{\"clauses\":["
                + "{\"span_term\":{\"content\":\"view\"}},{\"span_gap\":{\"content\":2}},"
                + "{\"span_term\":{\"content\":\"mode\"}}],\"slop\":0,\"in_order\":true}}")
                .contains("\"in_order\":true,\"boost\":2.0");
    }

    @Test
    void exclusionsAloneMatchEverythingElse() {
        assertThat(dsl("-mobile")).contains("\"must_not\"").contains("{\"match_all\":{}}");
    }
}
