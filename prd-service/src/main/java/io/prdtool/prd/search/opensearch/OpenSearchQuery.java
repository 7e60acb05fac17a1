package io.prdtool.prd.search.opensearch;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.prd.search.lucene.WebSearchQuery;

/**
 * Writes the query that {@link WebSearchQuery} parsed (the web-search syntax, analysed by the same English analysis
 * the index uses) in OpenSearch's query DSL, so both engines share one parser and one meaning: a Lucene
 * {@code BooleanQuery} becomes a {@code bool}, a term a {@code term} on the analysed token, a phrase a
 * {@code span_near} in order with {@code span_gap}s where stop words were (the positions a {@code PhraseQuery} keeps),
 * a boost a {@code boost}.
 */
public final class OpenSearchQuery {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OpenSearchQuery() {
    }

    public static ObjectNode of(Query query) {
        return write(query, 1f);
    }

    private static ObjectNode write(Query query, float boost) {
        if (query instanceof BoostQuery b) {
            return write(b.getQuery(), boost * b.getBoost());
        }
        if (query instanceof TermQuery t) {
            ObjectNode term = JSON.objectNode();
            ObjectNode field = term.putObject("term").putObject(t.getTerm().field());
            field.put("value", t.getTerm().text());
            boost(field, boost);
            return term;
        }
        if (query instanceof PhraseQuery p) {
            return phrase(p, boost);
        }
        if (query instanceof MatchAllDocsQuery) {
            ObjectNode all = JSON.objectNode();
            boost(all.putObject("match_all"), boost);
            return all;
        }
        if (query instanceof BooleanQuery b) {
            ObjectNode node = JSON.objectNode();
            ObjectNode bool = node.putObject("bool");
            for (BooleanClause c : b.clauses()) {
                String occur = switch (c.getOccur()) {
                    case MUST -> "must";
                    case SHOULD -> "should";
                    case FILTER -> "filter";
                    case MUST_NOT -> "must_not";
                };
                ArrayNode list = bool.has(occur) ? (ArrayNode) bool.get(occur) : bool.putArray(occur);
                list.add(write(c.getQuery(), 1f));
            }
            if (b.getMinimumNumberShouldMatch() > 0) {
                bool.put("minimum_should_match", b.getMinimumNumberShouldMatch());
            }
            boost(bool, boost);
            return node;
        }
        throw new IllegalArgumentException("no OpenSearch form for " + query.getClass().getSimpleName());
    }

    private static ObjectNode phrase(PhraseQuery p, float boost) {
        Term[] terms = p.getTerms();
        int[] positions = p.getPositions();
        ObjectNode node = JSON.objectNode();
        ObjectNode near = node.putObject("span_near");
        ArrayNode clauses = near.putArray("clauses");
        for (int i = 0; i < terms.length; i++) {
            int gap = i == 0 ? 0 : positions[i] - positions[i - 1] - 1;
            if (gap > 0) {
                clauses.addObject().putObject("span_gap").put(terms[i].field(), gap);
            }
            clauses.addObject().putObject("span_term").put(terms[i].field(), terms[i].text());
        }
        near.put("slop", p.getSlop());
        near.put("in_order", true);
        boost(near, boost);
        return node;
    }

    private static void boost(ObjectNode node, float boost) {
        if (boost != 1f) {
            node.put("boost", boost);
        }
    }
}
