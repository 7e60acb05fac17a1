package io.prdtool.collab.oplog;

/**
 * One run of a Yjs update as the operation log records it: an inserted run (text, embed, type, ...), a formatting
 * marker, or a deleted range.
 *
 * @param type        insert, delete or format
 * @param clientId    the Yjs client that authored the run (for deletes: the client whose items were deleted)
 * @param clock       the first clock of the run
 * @param length      the number of clock units (UTF-16 code units for text)
 * @param contentKind what an insert holds (string, embed, format, type, any, json, binary, deleted, doc); null for
 *                    deletes
 * @param content     inserted text, or other content as JSON; null for deletes and formats
 * @param attributes  for formats: {@code {"key": value}} as JSON; else null
 * @param parent      the root type name, or the parent item id as {@code client:clock}; null when implied by an origin
 */
public record Operation(String type, long clientId, int clock, int length, String contentKind, String content,
        String attributes, String parent) {
}
