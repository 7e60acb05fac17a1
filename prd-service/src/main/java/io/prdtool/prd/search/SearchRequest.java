package io.prdtool.prd.search;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * A validated search: the organization (always), the web-search query, the filters (status already in its wire
 * form), and the page: {@code offset}/{@code limit}, or a {@link SearchCursor} from a previous page.
 */
public record SearchRequest(UUID orgId, String query, Filters filters, int offset, int limit, SearchCursor cursor) {

    /** Where the page starts in the result list: the offset asked for or the offset cursor's; 0 after a keyset. */
    public int pageOffset() {
        if (cursor == null) {
            return offset;
        }
        return cursor.isKeyset() ? 0 : cursor.offset();
    }

    public record Filters(UUID projectId, String status, UUID templateId, UUID authorId, Instant updatedFrom,
            Instant updatedTo) {

        /**
         * Appends the filters as SQL conditions on {@code p} (a {@code prds} row) to {@code where}, their values to
         * {@code params} ($n numbering continues from the parameters already there).
         */
        public void appendSql(StringBuilder where, List<Object> params) {
            if (projectId != null) {
                params.add(projectId);
                where.append(" AND p.project_id = $").append(params.size());
            }
            if (status != null) {
                params.add(status);
                where.append(" AND p.status = $").append(params.size());
            }
            if (templateId != null) {
                params.add(templateId);
                where.append(" AND p.template_id = $").append(params.size());
            }
            if (authorId != null) {
                params.add(authorId);
                where.append(" AND p.created_by = $").append(params.size());
            }
            if (updatedFrom != null) {
                params.add(OffsetDateTime.ofInstant(updatedFrom, ZoneOffset.UTC));
                where.append(" AND p.updated_at >= $").append(params.size());
            }
            if (updatedTo != null) {
                params.add(OffsetDateTime.ofInstant(updatedTo, ZoneOffset.UTC));
                where.append(" AND p.updated_at < $").append(params.size());
            }
        }
    }
}
