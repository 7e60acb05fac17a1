package io.prdtool.integration.delivery;

import java.util.Set;

import io.prdtool.integration.integration.IntegrationType;
import io.smallrye.mutiny.Uni;

/**
 * A target adapter: delivers the deliveries of its {@link #actions()} ({@code slack.message}, {@code git.commit}...).
 * The dispatcher calls {@link #deliver} once per attempt, with a timeout, never twice at once for one target key; the
 * adapter makes one attempt and either emits {@link Delivered} or fails with a {@link DeliveryException} (any other
 * failure counts as retryable). Retries, backoff, dead-lettering, disabling and the attempt log are the dispatcher's.
 * <p>
 * Adding an adapter: an {@code @ApplicationScoped} bean implementing this interface (it replaces the
 * {@link PendingAdapter} for its actions); read settings from {@code ctx.integration().settings()}, the credential from
 * {@code ctx.credentials()}, the payload from {@code ctx.payload()}; call HTTP targets through {@code ctx.send(...)} (SSRF
 * guarded, and the redacted exchange lands in the attempt log).
 */
public interface Deliverer {

    /** The actions this adapter delivers. */
    Set<String> actions();

    /** One attempt. */
    Uni<Delivered> deliver(DeliveryContext ctx);

    /**
     * The kind of external object one delivery of {@code action} keeps per PRD in {@code integration_mappings} (e.g.
     * {@code commit}, {@code page}, {@code epic}), or null when it keeps none (chat messages, webhooks). With a kind, the
     * dispatcher keeps that mapping's {@code sync_status} true: pending when recorded, synced or failed after.
     */
    default String mappingType(String action) {
        return null;
    }

    /** The integration types whose connection {@link #testConnection} can check. */
    default Set<IntegrationType> testedTypes() {
        return Set.of();
    }

    /** Checks credentials and target with a harmless call (a signed ping, auth.test, a test message). */
    default Uni<Delivered> testConnection(DeliveryContext ctx) {
        return Uni.createFrom().failure(DeliveryException.terminal("connection tests are not supported"));
    }

    /** Whether this is a placeholder that fails every delivery (a real adapter for the same action wins). */
    default boolean placeholder() {
        return false;
    }
}
