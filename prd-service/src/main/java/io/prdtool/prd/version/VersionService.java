package io.prdtool.prd.version;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import io.prdtool.prd.access.Permission;
import io.prdtool.prd.common.Hashes;
import io.prdtool.prd.common.Page;
import io.prdtool.prd.prd.ContentChange;
import io.prdtool.prd.prd.PrdEntity;
import io.prdtool.prd.prd.PrdService;
import io.prdtool.prd.prd.PrdStatus;
import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.prd.PrdUpdated;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.prdtool.shared.tx.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Versions are append-only snapshots. Creating one bumps the PRD's current version; restoring an old one makes its
 * content current again as a new version, so history is never rewritten.
 */
@ApplicationScoped
public class VersionService {

    private final VersionRepository versions;
    private final PrdService prds;
    private final Tx tx;

    public VersionService(VersionRepository versions, PrdService prds, Tx tx) {
        this.versions = versions;
        this.prds = prds;
        this.tx = tx;
    }

    public Uni<VersionApi.VersionView> create(UUID callerId, UUID prdId, VersionApi.CreateVersion request) {
        if ((request.bump() == null) == (request.version() == null)) {
            throw ProblemException.badRequest("Give exactly one of bump (major, minor, patch) and version");
        }
        SemVer.Bump bump = request.bump() == null ? null : SemVer.Bump.parse(request.bump());
        SemVer explicit = request.version() == null ? null : SemVer.parse(request.version());
        return tx.write(() -> prds.loadWritable(callerId, prdId, Permission.PRD_WRITE).chain(l -> {
            PrdEntity prd = l.prd();
            requireNotArchived(prd);
            SemVer current = SemVer.parse(prd.currentVersion);
            SemVer next = bump != null ? current.bump(bump) : explicit;
            if (next.compareTo(current) <= 0) {
                throw ProblemException.conflict("version " + next + " must be above the current version " + current);
            }
            return snapshot(prd, next, bump == null ? "explicit" : bump.wire(), blankToNull(request.changelog()),
                    null, callerId, List.of());
        })).map(v -> toView(v, false));
    }

    public Uni<VersionApi.VersionView> restore(UUID callerId, UUID prdId, String version,
            VersionApi.RestoreVersion request) {
        SemVer wanted = SemVer.parse(version);
        SemVer.Bump bump = request == null || request.bump() == null
                ? SemVer.Bump.MINOR
                : SemVer.Bump.parse(request.bump());
        return tx.write(() -> prds.loadWritable(callerId, prdId, Permission.PRD_WRITE).chain(l -> {
            PrdEntity prd = l.prd();
            requireNotArchived(prd);
            return find(prdId, wanted).chain(old -> {
                ContentChange.Result change = ContentChange.apply(prd, old.content, callerId,
                        ContentChange.SOURCE_RESTORE);
                List<DomainEvent> events = new ArrayList<>();
                if (change.changed()) {
                    events.add(new PrdUpdated(prd.id, prd.organizationId, prd.projectId, prd.title, prd.slug,
                            prd.contentHash, List.of("content"), ContentChange.SOURCE_RESTORE, callerId,
                            List.of(prd.approverIds)));
                    events.addAll(change.events());
                }
                String changelog = request == null || request.changelog() == null || request.changelog().isBlank()
                        ? "Restored version " + old.version
                        : request.changelog().trim();
                SemVer next = SemVer.parse(prd.currentVersion).bump(bump);
                return snapshot(prd, next, bump.wire(), changelog, old.version, callerId, events);
            });
        })).map(v -> toView(v, true));
    }

    /** Records the PRD's current content as {@code next} and publishes the prior events then PrdVersionCreated. */
    private Uni<VersionEntity> snapshot(PrdEntity prd, SemVer next, String bump, String changelog,
            String restoredFrom, UUID callerId, List<DomainEvent> before) {
        String previous = prd.currentVersion;
        prd.currentVersion = next.toString();
        prd.updatedBy = callerId;
        return versions.record(prd.id, next.toString(), prd.content, changelog, restoredFrom, callerId)
                .call(v -> {
                    List<DomainEvent> events = new ArrayList<>(before);
                    events.add(VersionEvents.created(prd, v, previous, bump, restoredFrom, callerId));
                    return prds.appendAll(events);
                });
    }

    public Uni<Page<VersionApi.VersionView>> list(UUID callerId, UUID prdId, int offset, int limit) {
        return Panache.withSession(() -> prds.loadForRead(callerId, prdId)
                .chain(() -> versions.list(prdId, offset, limit + 1)))
                .map(rows -> Page.of(rows, offset, limit, v -> toView(v, false)));
    }

    public Uni<VersionApi.VersionView> get(UUID callerId, UUID prdId, String version) {
        SemVer wanted = SemVer.parse(version);
        return Panache.withSession(() -> prds.loadForRead(callerId, prdId)
                .chain(() -> find(prdId, wanted)))
                .map(v -> toView(v, true));
    }

    public Uni<VersionApi.Comparison> compare(UUID callerId, UUID prdId, String from, String to) {
        if (from == null || to == null) {
            throw ProblemException.badRequest("Give both from and to (versions such as 1.0.0)");
        }
        SemVer a = SemVer.parse(from);
        SemVer b = SemVer.parse(to);
        return Panache.withSession(() -> prds.loadForRead(callerId, prdId)
                .chain(() -> find(prdId, a))
                .chain(va -> find(prdId, b).map(vb -> new VersionEntity[]{va, vb})))
                // diffs of large documents are CPU-heavy: keep them off the event loop
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(pair -> Diffs.compare(prdId, pair[0].version, pair[0].content, pair[1].version,
                        pair[1].content));
    }

    /**
     * The version as a Markdown document with YAML front matter: title (and metadata when the PRD has any), which
     * {@code POST /api/v1/projects/{projectId}/prds/import} maps back, and where it came from (prd_id, version,
     * created_at, commit, exported_at), which the import ignores. Written by the YAML library, so any title or
     * metadata reads back as it was.
     */
    public Uni<Export> export(UUID callerId, UUID prdId, String version) {
        SemVer wanted = SemVer.parse(version);
        return Panache.withSession(() -> prds.loadForRead(callerId, prdId)
                .chain(p -> find(prdId, wanted).map(v -> {
                    String md = "---\n"
                            + "title: " + yaml(p.title) + "\n"
                            + metadataYaml(p.metadata)
                            + "prd_id: " + p.id + "\n"
                            + "version: " + v.version + "\n"
                            + "created_at: " + v.createdAt + "\n"
                            + (v.commitHash == null ? "" : "commit: " + v.commitHash + "\n")
                            + "exported_at: " + Instant.now() + "\n"
                            + "---\n\n"
                            + v.content;
                    return new Export(p.slug + "-v" + v.version + ".md", md);
                })));
    }

    public record Export(String filename, String markdown) {
    }

    private Uni<VersionEntity> find(UUID prdId, SemVer version) {
        return versions.find(prdId, version.toString()).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Version " + version));
    }

    private static void requireNotArchived(PrdEntity prd) {
        if (prd.statusValue() == PrdStatus.ARCHIVED) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "This PRD is archived and read-only; move it back to draft first", List.of("draft"));
        }
    }

    static VersionApi.VersionView toView(VersionEntity v, boolean withContent) {
        return new VersionApi.VersionView(v.id, v.prdId, v.version, v.changelog, v.restoredFrom, v.commitHash,
                Hashes.sha256(v.content), v.createdBy, v.createdAt, withContent ? v.content : null);
    }

    private static String yaml(String s) {
        return QUOTED.dumpToString(s).strip();
    }

    private static String metadataYaml(Map<String, Object> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return "";
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("metadata", yamlValue(metadata));
        return BLOCK.dumpToString(root);
    }

    /** JSON values as the YAML library represents them (it has no representer for BigDecimal). */
    private static Object yamlValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), yamlValue(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(VersionService::yamlValue).collect(Collectors.toList());
        }
        if (value instanceof BigDecimal d) {
            return d.doubleValue();
        }
        return value;
    }

    private static final Dump QUOTED = new Dump(DumpSettings.builder().setSchema(new CoreSchema())
            .setDefaultScalarStyle(ScalarStyle.DOUBLE_QUOTED).setSplitLines(false).build());
    private static final Dump BLOCK = new Dump(DumpSettings.builder().setSchema(new CoreSchema())
            .setDefaultFlowStyle(FlowStyle.BLOCK).setSplitLines(false).build());

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
