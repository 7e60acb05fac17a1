package io.prdtool.audit.trail;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Result of recomputing an organization's audit hash chain: {@code valid} if every row's hash matches its content and
 * its predecessor; otherwise the first broken link ({@code brokenAtSeq}, {@code brokenRowId}) and why.
 */
@RegisterForReflection
public record ChainVerification(UUID organizationId, boolean valid, long checkedRows, Long firstSeq, Long lastSeq,
        Long brokenAtSeq, UUID brokenRowId, String reason) {
}
