package io.prdtool.collab.peer;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An edit the server applies as a Yjs peer to the PRD's text.
 *
 * @param type   {@code insert} (text at index), {@code replace} (length code units at index by text) or
 *               {@code replace-all} (the whole content by text)
 * @param index  position in UTF-16 code units, as Yjs counts (insert, replace)
 * @param length code units to replace (replace)
 * @param text   the new text (may be empty for replace: a deletion)
 * @param expect optional precondition, checked in the document's queue right before the edit: the text the edit
 *               replaces as the caller last read it (replace: the text at [index, index+length); replace-all: the
 *               whole text); when the document says something else the edit is refused with 409
 */
@Schema(name = "EditRequest")
public record EditRequest(
        @NotNull @Schema(enumeration = {
                "insert", "replace", "replace-all"}) String type,
        @PositiveOrZero @Schema(description = "Position in UTF-16 code units, as Yjs counts (insert, replace)") Integer index,
        @PositiveOrZero @Schema(description = "Code units to replace (replace; 0 when absent)") Integer length,
        @NotNull @Size(max = 1_000_000) @Schema(description = "The new text (may be empty for replace: a deletion)") String text,
        @Size(max = 1_000_000) @Schema(description = "Optional precondition (replace and replace-all; 400 with insert)."
                + " replace: the text now at [index, index+length) must equal it, so its length must be length;"
                + " replace-all: the whole text must equal it. Checked in the document's queue right before the"
                + " edit, so an edit computed on an older read never lands at a shifted position: when the text"
                + " differs (or the range no longer exists) the answer is 409 (problem type conflict) and nothing is"
                + " written; read the document again and recompute the edit. An embedded object in the text reads"
                + " as U+FFFC. Without it the edit applies at the given position whatever the text says.") String expect){
}
