package io.prdtool.collab.peer;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * An edit the server applies as a Yjs peer to the PRD's text.
 *
 * @param type   {@code insert} (text at index), {@code replace} (length code units at index by text) or
 *               {@code replace-all} (the whole content by text)
 * @param index  position in UTF-16 code units, as Yjs counts (insert, replace)
 * @param length code units to replace (replace)
 * @param text   the new text (may be empty for replace: a deletion)
 */
public record EditRequest(@NotNull String type, @PositiveOrZero Integer index, @PositiveOrZero Integer length,
        @NotNull @Size(max = 1_000_000) String text) {
}
