package io.prdtool.prd.search.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import io.prdtool.prd.search.lucene.PrdRows.PrdRow;

/**
 * The on-disk Lucene index of one prd-service instance: one document per PRD, and in the commit user data the Kafka
 * offsets of {@code prdtool.prd.events} whose changes the commit contains, so that index and offsets are committed
 * together and a restart resumes exactly where the last commit left off.
 * <p>
 * Changes go through {@link #sync(Collection, PrdRows)}, which re-reads the rows and writes them under one lock: two
 * writers (the projector and a search making a fresh write visible) can never put an older row over a newer one,
 * because the later of two reads under the lock sees at least what the earlier one saw.
 */
public final class LuceneIndex implements AutoCloseable {

    public static final String ID = "id";
    /** The id's two halves as numeric doc values: the last keys of the result order (cheaper than the string). */
    public static final String ID_HIGH = "id_high";
    public static final String ID_LOW = "id_low";
    public static final String ORG = "org";
    public static final String PROJECT = "project";
    public static final String STATUS = "status";
    public static final String TEMPLATE = "template";
    public static final String AUTHOR = "author";
    public static final String UPDATED = "updated";
    public static final String TITLE = "title";
    public static final String CONTENT = "content";

    /** Bumped when the document layout changes: an index of another layout is rebuilt. */
    static final String LAYOUT = "2";
    private static final String LAYOUT_KEY = "layout";
    private static final String OFFSET_PREFIX = "offset.";

    private static final FieldType TEXT = new FieldType(TextField.TYPE_STORED);

    static {
        // offsets in the postings: the unified highlighter needs no re-analysis
        TEXT.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        TEXT.freeze();
    }

    private final Path path;
    private final boolean temporary;
    private final Analyzer analyzer;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Object lock = new Object();

    /** Opens (or creates) the index in {@code path}; a null path means a temporary directory, deleted on close. */
    public LuceneIndex(Path path, Analyzer analyzer) {
        try {
            this.temporary = path == null;
            this.path = temporary ? Files.createTempDirectory("prdtool-search-") : Files.createDirectories(path);
            this.analyzer = analyzer;
            this.directory = FSDirectory.open(this.path);
            this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64));
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    public Analyzer analyzer() {
        return analyzer;
    }

    /**
     * The Kafka offsets (partition → next offset to apply) of the last commit, or an empty map when the index is
     * empty, was never committed with offsets, or has another layout: then it must be rebuilt.
     */
    public Map<Integer, Long> committedOffsets() {
        Map<Integer, Long> offsets = new HashMap<>();
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data == null) {
            return offsets;
        }
        boolean layout = false;
        for (Map.Entry<String, String> e : data) {
            if (e.getKey().equals(LAYOUT_KEY)) {
                layout = LAYOUT.equals(e.getValue());
            } else if (e.getKey().startsWith(OFFSET_PREFIX)) {
                offsets.put(Integer.parseInt(e.getKey().substring(OFFSET_PREFIX.length())), Long.parseLong(
                        e.getValue()));
            }
        }
        return layout ? offsets : new HashMap<>();
    }

    /** Removes every document (before a rebuild); the offsets go with the next {@link #commit(Map)}. */
    public void clear() {
        try {
            synchronized (lock) {
                writer.deleteAll();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits what was applied together with the offsets it corresponds to, and makes it searchable. */
    public void commit(Map<Integer, Long> offsets) {
        Map<String, String> data = new HashMap<>();
        data.put(LAYOUT_KEY, LAYOUT);
        offsets.forEach((partition, offset) -> data.put(OFFSET_PREFIX + partition, Long.toString(offset)));
        try {
            synchronized (lock) {
                writer.setLiveCommitData(data.entrySet());
                writer.commit();
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes applied changes visible to searches (near-real-time, without a commit). */
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes these rows as they are (bootstrap: the caller streams the table). */
    public void put(List<PrdRow> rows) {
        try {
            synchronized (lock) {
                for (PrdRow row : rows) {
                    writer.updateDocument(new Term(ID, row.id().toString()), document(row));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Brings these PRDs up to date: re-reads their rows, writes the ones that exist and deletes the others.
     * Idempotent and insensitive to the order of the events that named them. Blocking.
     */
    public void sync(Collection<UUID> ids, PrdRows rows) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            synchronized (lock) {
                Set<UUID> missing = new HashSet<>(ids);
                for (PrdRow row : rows.byIds(ids)) {
                    missing.remove(row.id());
                    writer.updateDocument(new Term(ID, row.id().toString()), document(row));
                }
                for (UUID id : missing) {
                    writer.deleteDocuments(new Term(ID, id.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids among these versions that the searchable index does not hold at exactly that version. */
    public Set<UUID> stale(Collection<PrdRows.Version> versions) {
        Set<UUID> stale = new HashSet<>();
        if (versions.isEmpty()) {
            return stale;
        }
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                for (PrdRows.Version v : versions) {
                    BooleanQuery q = new BooleanQuery.Builder()
                            .add(new TermQuery(new Term(ID, v.id().toString())), Occur.FILTER)
                            .add(LongPoint.newExactQuery(UPDATED, v.updatedMicros()), Occur.FILTER).build();
                    if (searcher.count(q) == 0) {
                        stale.add(v.id());
                    }
                }
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stale;
    }

    public IndexSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of PRDs in the searchable index. */
    public int size() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            release(searcher);
        }
    }

    private static Document document(PrdRow row) {
        Document doc = new Document();
        String id = row.id().toString();
        doc.add(new StringField(ID, id, Field.Store.YES));
        doc.add(new NumericDocValuesField(ID_HIGH, row.id().getMostSignificantBits()));
        doc.add(new NumericDocValuesField(ID_LOW, row.id().getLeastSignificantBits()));
        doc.add(new StringField(ORG, row.organizationId().toString(), Field.Store.NO));
        doc.add(new StringField(PROJECT, row.projectId().toString(), Field.Store.NO));
        doc.add(new StringField(STATUS, row.status(), Field.Store.NO));
        if (row.templateId() != null) {
            doc.add(new StringField(TEMPLATE, row.templateId().toString(), Field.Store.NO));
        }
        if (row.createdBy() != null) {
            doc.add(new StringField(AUTHOR, row.createdBy().toString(), Field.Store.NO));
        }
        doc.add(new LongPoint(UPDATED, row.updatedMicros()));
        doc.add(new NumericDocValuesField(UPDATED, row.updatedMicros()));
        doc.add(new Field(TITLE, row.title(), TEXT));
        doc.add(new Field(CONTENT, row.content(), TEXT));
        return doc;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
            if (temporary) {
                org.apache.lucene.util.IOUtils.rm(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
