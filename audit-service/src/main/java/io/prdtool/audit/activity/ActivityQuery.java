package io.prdtool.audit.activity;

import java.time.Instant;
import java.util.UUID;

/** Filters of an activity request, already validated. {@code user} matches a user id or a token subject. */
record ActivityQuery(UUID organizationId, String user, String resourceType, UUID resourceId, String action,
        Instant from, Instant to, ActivityCursor after, int limit) {
}
