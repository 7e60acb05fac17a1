package io.prdtool.prd.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

public final class SearchApi {

    private SearchApi() {
    }

    @RegisterForReflection
    @Schema(name = "SearchHit")
    public record Hit(UUID id, UUID projectId, String title,
            @Schema(description = "Title with matches in <mark>…</mark>; everything else HTML-escaped") String titleHighlight,
            String slug, String status, String currentVersion, UUID templateId, UUID createdBy, Instant updatedAt,
            @Schema(description = "Relevance within this result list (BM25 with the lucene engine, ts_rank with"
                    + " postgres; title matches weigh more than content matches)") float rank,
            @Schema(description = "Up to two content fragments with matches in <mark>…</mark>; HTML-escaped") String snippet) {
    }

    @RegisterForReflection
    @Schema(name = "SearchResults", example = """
            {"query": "checkout -mobile", "items": [{"id": "0b5e…", "title": "One-click checkout",
             "titleHighlight": "One-click <mark>checkout</mark>", "rank": 0.61,
             "snippet": "…the <mark>checkout</mark> flow takes four steps…"}], "offset": 0, "limit": 20}""")
    public record Results(String query, List<Hit> items, int offset, int limit, Integer nextOffset,
            @Schema(description = "Opaque cursor of the next page (pass it as cursor=…); null on the last page."
                    + " Stable while documents change, unlike nextOffset") String nextCursor) {
    }
}
