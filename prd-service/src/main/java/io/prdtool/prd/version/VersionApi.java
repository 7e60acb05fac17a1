package io.prdtool.prd.version;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

public final class VersionApi {

    private VersionApi() {
    }

    @RegisterForReflection
    @Schema(name = "Version", description = "An immutable snapshot of a PRD's content; content is omitted in lists")
    public record VersionView(UUID id, UUID prdId, @Schema(example = "1.1.0") String version, String changelog,
            @Schema(description = "The version whose content this one restored") String restoredFrom,
            @Schema(description = "Set once the git integration committed this version") String commitHash,
            String contentHash, UUID createdBy, Instant createdAt,
            @Schema(description = "Markdown; only when reading one version") String content) {
    }

    @Schema(name = "CreateVersion", description = "Give bump (major, minor, patch: seed §9.1 semantics) or an explicit"
            + " version above the current one", example = """
                    {"bump": "minor", "changelog": "Added success metrics"}""")
    public record CreateVersion(@Schema(enumeration = {
            "major", "minor", "patch"}) String bump,
            @Schema(example = "2.0.0") String version, @Size(max = 10000) String changelog){
    }

    @Schema(name = "RestoreVersion", example = """
            {"bump": "minor", "changelog": "Back to the reviewed scope"}""")
    public record RestoreVersion(
            @Schema(enumeration = {
                    "major", "minor", "patch"}, defaultValue = "minor") String bump,
            @Size(max = 10000) String changelog){
    }

    @RegisterForReflection
    @Schema(name = "LineDelta", description = "A changed block: lines removed at sourcePosition, added at targetPosition (0-based)")
    public record LineDelta(@Schema(enumeration = {
            "insert", "delete", "change"}) String type, int sourcePosition,
            List<String> sourceLines, int targetPosition, List<String> targetLines){
    }

    @RegisterForReflection
    @Schema(name = "WordSegment", description = "A run of text that is equal, inserted or deleted")
    public record WordSegment(@Schema(enumeration = {
            "equal", "insert", "delete"}) String op, String text){
    }

    @RegisterForReflection
    @Schema(name = "VersionComparison")
    public record Comparison(UUID prdId, String from, String to, int linesAdded, int linesRemoved,
            @Schema(description = "Unified diff (3 lines of context)") String unifiedDiff, List<LineDelta> lines,
            List<WordSegment> words) {
    }
}
