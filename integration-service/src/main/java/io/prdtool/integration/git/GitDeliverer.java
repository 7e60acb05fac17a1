package io.prdtool.integration.git;

import static io.prdtool.integration.delivery.VersionPayload.first;
import static io.prdtool.integration.delivery.VersionPayload.text;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.prdtool.integration.delivery.Delivered;
import io.prdtool.integration.delivery.Deliverer;
import io.prdtool.integration.delivery.DeliveryContext;
import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.delivery.PendingAdapter;
import io.prdtool.integration.delivery.VersionPayload;
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
        String repo = text(ctx.payload(), "repositoryUrl");
        return VersionPayload.of(ctx).chain(v -> {
            if (repo == null || v.version() == null) {
                return Uni.createFrom().failure(DeliveryException.terminal(
                        "the delivery names no repository or version"));
            }
            String slug = first(v.slug(), "prd-" + v.prdId(), null);
            GitTarget target = target(ctx, repo);
            String what = "commit " + target.pathPrefix() + slug + ".md (PRD " + v.prdId() + " v" + v.version()
                    + ") to " + repo + " " + target.branch();
            return claimCheck.markdown(v).chain(md -> ctx.credentials().chain(creds -> {
                PrdFile file = new PrdFile(v.prdId(), slug, v.title(), v.version(), v.status(), md, v.changelog(),
                        parseTime(v.time()));
                ctx.note(what, null);
                return publisher.publish(target, credentials(ctx, creds.current()), file);
            })).map(result -> {
                ctx.note(what, result.outcome().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + result.commitHash());
                return new Delivered(null, result.commitHash(), repo, v.version(), v.contentHash())
                        .withEvent(new PrdVersionCommitted(v.prdId(), v.organizationId(), v.version(),
                                result.commitHash(), repo));
            });
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
}
