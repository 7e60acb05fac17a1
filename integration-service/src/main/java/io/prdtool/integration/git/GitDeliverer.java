package io.prdtool.integration.git;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.delivery.Delivered;
import io.prdtool.integration.delivery.Deliverer;
import io.prdtool.integration.delivery.DeliveryContext;
import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.delivery.PendingAdapter;
import io.prdtool.integration.integration.IntegrationType;
import io.prdtool.shared.events.prd.PrdVersionCommitted;
import io.smallrye.mutiny.Uni;

/**
 * {@code git.commit}: one PRD version becomes one commit of {@code <path>/<slug>.md} on the integration's branch
 * ({@link GitPublisher}; a version already on the branch is found by its trailers, so a re-delivery makes no second
 * commit). The Markdown comes inline with the event or, for versions over 256 KiB, from prd-service
 * ({@link ClaimCheck}). On success the mapping keeps the commit hash and {@code PrdVersionCommitted} goes out through
 * the outbox in the transaction that records the delivery (prd-service records the hash on the version).
 * <p>
 * The credential is an HTTPS token (sent with {@code settings.username}, default {@code x-access-token}) or, when it
 * is a PEM/OpenSSH private key, an SSH key used with the pinned {@code settings.sshHostKey}. Test connection: lists the
 * remote's refs (like {@code git ls-remote}) with the credential; nothing is written.
 */
@ApplicationScoped
public class GitDeliverer implements Deliverer {

    @Inject
    GitPublisher publisher;

    @Inject
    ClaimCheck claimCheck;

    @Override
    public Set<String> actions() {
        return Set.of(PendingAdapter.GIT_COMMIT);
    }

    @Override
    public String mappingType(String action) {
        return "commit";
    }

    @Override
    public Set<IntegrationType> testedTypes() {
        return Set.of(IntegrationType.GIT);
    }

    @Override
    public Uni<Delivered> deliver(DeliveryContext ctx) {
        ObjectNode payload = ctx.payload();
        JsonNode data = payload.path("data");
        JsonNode prd = payload.path("prd");
        String repo = text(payload, "repositoryUrl");
        UUID prdId;
        try {
            prdId = UUID.fromString(data.path("prdId").asText());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(DeliveryException.terminal("the delivery names no PRD"));
        }
        String version = text(data, "version");
        if (repo == null || version == null) {
            return Uni.createFrom().failure(DeliveryException.terminal("the delivery names no repository or version"));
        }
        UUID orgId = ctx.integration().organizationId();
        String title = first(text(data, "title"), text(prd, "title"), "PRD " + prdId);
        String slug = first(text(data, "slug"), text(prd, "slug"), "prd-" + prdId);
        String status = first(text(data, "status"), text(prd, "status"), null);
        String contentHash = text(data, "contentHash");
        Instant createdAt = parseTime(text(payload, "time"));
        GitTarget target = target(ctx, repo);
        String markdown = text(data, "markdown");
        Uni<String> content = markdown != null
                ? Uni.createFrom().item(markdown)
                : claimCheck.fetch(prdId, orgId, version, contentHash);
        return content.chain(md -> ctx.credentials().chain(creds -> {
            PrdFile file = new PrdFile(prdId, slug, title, version, status, md, text(data, "changelog"), createdAt);
            ctx.note("commit " + target.pathPrefix() + slug + ".md (PRD " + prdId + " v" + version + ") to "
                    + repo + " " + target.branch(), null);
            return publisher.publish(target, credentials(ctx, creds.current()), file);
        })).map(result -> {
            ctx.note("commit " + target.pathPrefix() + slug + ".md (PRD " + prdId + " v" + version + ") to "
                    + repo + " " + target.branch(),
                    result.outcome().name().toLowerCase(java.util.Locale.ROOT) + " " + result.commitHash());
            return new Delivered(null, result.commitHash(), repo, version, contentHash)
                    .withEvent(new PrdVersionCommitted(prdId, orgId, version, result.commitHash(),
                            repo));
        });
    }

    @Override
    public Uni<Delivered> testConnection(DeliveryContext ctx) {
        String repo = text(ctx.integration().settings(), "repoUrl");
        if (repo == null) {
            return Uni.createFrom().failure(DeliveryException.terminal(
                    "no repository configured (settings.repoUrl); commits go to the project's repository"));
        }
        GitTarget target = target(ctx, repo);
        return ctx.credentials()
                .chain(creds -> publisher.check(target, credentials(ctx, creds.current())))
                .map(tip -> {
                    ctx.note("ls-remote " + repo, tip == null
                            ? "reachable; branch " + target.branch()
                                    + " does not exist yet (the first commit creates it)"
                            : "reachable; " + target.branch() + " at " + tip);
                    return new Delivered(null, tip, null, null, null);
                });
    }

    private static GitTarget target(DeliveryContext ctx, String repo) {
        JsonNode s = ctx.integration().settings();
        String path = first(text(s, "path"), "prds", null);
        return new GitTarget(repo, text(s, "branch"), path.endsWith("/") ? path : path + "/", text(s, "sshHostKey"));
    }

    static GitCredentials credentials(DeliveryContext ctx, String secret) {
        if (secret == null || secret.isBlank()) {
            return GitCredentials.none();
        }
        if (secret.trim().startsWith("-----BEGIN")) {
            return GitCredentials.sshKey(secret.trim() + "\n", null);
        }
        return GitCredentials.token(text(ctx.integration().settings(), "username"), secret.trim());
    }

    private static Instant parseTime(String time) {
        try {
            return time == null ? Instant.now() : Instant.parse(time);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.now();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || !v.isTextual() || v.asText().isEmpty() ? null : v.asText();
    }

    private static String first(String a, String b, String c) {
        return a != null ? a : (b != null ? b : c);
    }
}
