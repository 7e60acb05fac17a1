package io.prdtool.ai.action;

import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a generative action works on. {@code selection}: improve, shorten and expand (required) and diagram
 * (optional: the diagram then follows the selection); {@code section}: draft_section (the section's title, usually
 * one of the PRD template's); {@code fromVersion} / {@code toVersion}: changelog; {@code instructions}: an optional
 * wish of the user ("more formal", "for a mobile app") added to the prompt as a wish, never as a system instruction.
 */
@RegisterForReflection
@Schema(name = "AiActionRequest", example = """
        {"selection": {"text": "The app should be fast.", "start": 120}, "instructions": "measurable"}""")
public record ActionRequest(@Valid Selection selection, @Size(max = 200) String section,
        @Size(max = 1000) String instructions, @Size(max = 40) String fromVersion, @Size(max = 40) String toVersion) {

    /**
     * The text the user selected in the editor, and where it starts in the document (UTF-16 index, as Yjs and
     * JavaScript count). Without {@code start} the text is looked up in the document; it must occur there.
     */
    @RegisterForReflection
    @Schema(name = "AiSelection")
    public record Selection(@Size(max = 100_000) String text, @PositiveOrZero Integer start) {
    }
}
