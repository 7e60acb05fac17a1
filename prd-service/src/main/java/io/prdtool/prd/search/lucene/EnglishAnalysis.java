package io.prdtool.prd.search.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.BytesTermAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.CharTermAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.FlagsAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.KeywordAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.OffsetAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.PackedTokenAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.PayloadAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.SentenceAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.TermFrequencyAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.TypeAttributeImpl;
import org.apache.lucene.util.IOUtils;
import org.tartarus.snowball.ext.EnglishStemmer;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * English analysis equivalent to PostgreSQL's {@code english} text search configuration: Unicode word segmentation,
 * possessives and case folded, the Snowball English stop words (the list PostgreSQL's {@code english.stop} comes
 * from) removed with position gaps (so a phrase keeps its word distances, as {@code <->} does), and the Snowball
 * English (Porter2) stemmer. Built from the filters directly, without Lucene's name-based SPI lookup; the attribute
 * implementations Lucene instantiates by class name are registered for reflection (native image).
 */
@RegisterForReflection(targets = {BytesTermAttributeImpl.class, CharTermAttributeImpl.class,
        FlagsAttributeImpl.class, KeywordAttributeImpl.class, OffsetAttributeImpl.class,
        PackedTokenAttributeImpl.class, PayloadAttributeImpl.class, PositionIncrementAttributeImpl.class,
        PositionLengthAttributeImpl.class, SentenceAttributeImpl.class, TermFrequencyAttributeImpl.class,
        TypeAttributeImpl.class})
public final class EnglishAnalysis extends Analyzer {

    /** The Snowball English stop words, shipped in lucene-analysis-common (a resource: see the README on native). */
    public static final CharArraySet STOP_WORDS = load();

    private static CharArraySet load() {
        try {
            return CharArraySet.unmodifiableSet(WordlistLoader.getSnowballWordSet(
                    IOUtils.getDecodingReader(SnowballFilter.class, "english_stop.txt", StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        TokenStream result = new EnglishPossessiveFilter(source);
        result = new LowerCaseFilter(result);
        result = new StopFilter(result, STOP_WORDS);
        result = new SnowballFilter(result, new EnglishStemmer());
        return new TokenStreamComponents(source, result);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
    }
}
