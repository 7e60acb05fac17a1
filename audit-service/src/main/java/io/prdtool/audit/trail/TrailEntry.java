package io.prdtool.audit.trail;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One captured row change, with its place in the organization's hash chain. */
@RegisterForReflection
public record TrailEntry(UUID id, long chainSeq, String service, String table, UUID recordId, String recordKey,
        String operation, JsonNode oldData, JsonNode newData, String changedBy, Instant changedAt, String hash) {
}
