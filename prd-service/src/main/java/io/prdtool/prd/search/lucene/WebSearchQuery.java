package io.prdtool.prd.search.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The web-search syntax the API accepts, with the semantics of PostgreSQL's {@code websearch_to_tsquery}, turned into
 * a Lucene query over {@code title} (boosted) and {@code content}. Lucene's own query syntax is never exposed.
 * <ul>
 * <li>words are ANDed; {@code a or b} is a disjunction, and binds tighter than AND ({@code a b or c} = a AND (b OR
 * c));</li>
 * <li>{@code "a phrase"} matches the words in that order (stop words keep their gap); an unclosed quote runs to the
 * end of the query;</li>
 * <li>{@code -word} or {@code -"a phrase"} excludes;</li>
 * <li>a word that analyses to several tokens ({@code sign-on}) is a phrase; stop words and punctuation-only words are
 * dropped. Nothing is ever a syntax error: a query with no searchable word matches nothing.</li>
 * </ul>
 * Ranking beyond BM25: when two or more ANDed words (or phrases) are searched, a document where they stand close
 * together ({@link #PROXIMITY_SLOP} positions, in order) scores higher: an optional sloppy phrase over title (boosted)
 * and content, which never changes what matches.
 *
 * @param text the query to run (null when nothing searchable is left)
 * @param positive the query without exclusions, for highlighting content
 * @param terms the analysed terms of the non-excluded words, for highlighting titles
 * @param matching {@code text} without the proximity clause: what matches, scored by BM25 alone
 * @param proximity the proximity clause of {@code text} (null when there is none): {@code text}'s score of a document
 *        is {@code matching}'s plus this one's, so it can also be applied to the best hits afterwards (a rescore)
 */
public record WebSearchQuery(Query text, Query positive, Set<String> terms, Query matching, Query proximity) {

    /** How many position moves the proximity boost allows between the ANDed words (in query order). */
    public static final int PROXIMITY_SLOP = 3;

    private record Operand(String text, boolean negated) {
    }

    public static WebSearchQuery parse(String input, Analyzer analyzer, float titleBoost) {
        List<List<Operand>> groups = new ArrayList<>();
        boolean or = false;
        int i = 0;
        int n = input.length();
        while (i < n) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean negated = false;
            if (c == '-' && i + 1 < n && !Character.isWhitespace(input.charAt(i + 1))) {
                negated = true;
                i++;
                c = input.charAt(i);
            }
            String text;
            boolean isOr = false;
            if (c == '"') {
                int close = input.indexOf('"', i + 1);
                int end = close < 0 ? n : close;
                text = input.substring(i + 1, end);
                i = close < 0 ? n : close + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(input.charAt(i)) && input.charAt(i) != '"') {
                    i++;
                }
                text = input.substring(start, i);
                isOr = !negated && text.toLowerCase(Locale.ROOT).equals("or");
            }
            if (isOr) {
                or = !groups.isEmpty();
                continue;
            }
            Operand operand = new Operand(text, negated);
            if (or) {
                groups.get(groups.size() - 1).add(operand);
            } else {
                groups.add(new ArrayList<>(List.of(operand)));
            }
            or = false;
        }
        Set<String> terms = new LinkedHashSet<>();
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        BooleanQuery.Builder positive = new BooleanQuery.Builder();
        boolean anyPositive = false;
        boolean anyClause = false;
        List<String> anded = new ArrayList<>();
        int andedOperands = 0;
        for (List<Operand> group : groups) {
            List<Query> members = new ArrayList<>();
            List<Boolean> negations = new ArrayList<>();
            List<String> firstTokens = List.of();
            for (Operand o : group) {
                List<String> tokens = new ArrayList<>();
                Query q = fields(o.text(), analyzer, titleBoost, tokens);
                if (q != null) {
                    members.add(q);
                    negations.add(o.negated());
                    if (!o.negated()) {
                        terms.addAll(tokens);
                    }
                    if (members.size() == 1) {
                        firstTokens = tokens;
                    }
                }
            }
            if (members.isEmpty()) {
                continue;
            }
            anyClause = true;
            if (members.size() == 1) {
                if (negations.get(0)) {
                    all.add(members.get(0), Occur.MUST_NOT);
                } else {
                    all.add(members.get(0), Occur.MUST);
                    positive.add(members.get(0), Occur.MUST);
                    anyPositive = true;
                    anded.addAll(firstTokens);
                    andedOperands++;
                }
                continue;
            }
            BooleanQuery.Builder disjunction = new BooleanQuery.Builder();
            BooleanQuery.Builder positiveDisjunction = new BooleanQuery.Builder();
            for (int m = 0; m < members.size(); m++) {
                if (negations.get(m)) {
                    disjunction.add(new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER)
                            .add(members.get(m), Occur.MUST_NOT).build(), Occur.SHOULD);
                } else {
                    disjunction.add(members.get(m), Occur.SHOULD);
                    positiveDisjunction.add(members.get(m), Occur.SHOULD);
                }
            }
            all.add(disjunction.build(), Occur.MUST);
            positive.add(positiveDisjunction.build(), Occur.SHOULD);
            anyPositive = true;
        }
        if (!anyClause) {
            return new WebSearchQuery(null, null, Set.of(), null, null);
        }
        if (!anyPositive) {
            // only exclusions: everything else matches, as websearch_to_tsquery('-x') does
            all.add(new MatchAllDocsQuery(), Occur.MUST);
        }
        BooleanQuery matching = all.build();
        if (andedOperands <= 1) {
            return new WebSearchQuery(matching, anyPositive ? positive.build() : null, Set.copyOf(terms), matching,
                    null);
        }
        Query proximity = proximity(anded, titleBoost);
        all.add(proximity, Occur.SHOULD);
        return new WebSearchQuery(all.build(), positive.build(), Set.copyOf(terms), matching, proximity);
    }

    /** One operand over both fields: a term or phrase on the title (boosted) or on the content; null if no tokens. */
    private static Query fields(String text, Analyzer analyzer, float titleBoost, List<String> tokens) {
        List<Integer> positions = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(LuceneIndex.CONTENT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            int position = -1;
            while (ts.incrementToken()) {
                position += inc.getPositionIncrement();
                tokens.add(term.toString());
                positions.add(position);
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tokens.isEmpty()) {
            return null;
        }
        Query title = single(LuceneIndex.TITLE, tokens, positions);
        Query content = single(LuceneIndex.CONTENT, tokens, positions);
        return new BooleanQuery.Builder().add(new BoostQuery(title, titleBoost), Occur.SHOULD)
                .add(content, Occur.SHOULD).build();
    }

    /** The ANDed words close together, in order, in the title (boosted) or the content: a scoring-only clause. */
    private static Query proximity(List<String> tokens, float titleBoost) {
        PhraseQuery.Builder title = new PhraseQuery.Builder().setSlop(PROXIMITY_SLOP);
        PhraseQuery.Builder content = new PhraseQuery.Builder().setSlop(PROXIMITY_SLOP);
        for (String token : tokens) {
            title.add(new Term(LuceneIndex.TITLE, token));
            content.add(new Term(LuceneIndex.CONTENT, token));
        }
        return new BooleanQuery.Builder().add(new BoostQuery(title.build(), titleBoost), Occur.SHOULD)
                .add(content.build(), Occur.SHOULD).build();
    }

    private static Query single(String field, List<String> tokens, List<Integer> positions) {
        if (tokens.size() == 1) {
            return new TermQuery(new Term(field, tokens.get(0)));
        }
        PhraseQuery.Builder phrase = new PhraseQuery.Builder();
        for (int t = 0; t < tokens.size(); t++) {
            phrase.add(new Term(field, tokens.get(t)), positions.get(t) - positions.get(0));
        }
        return phrase.build();
    }
}
