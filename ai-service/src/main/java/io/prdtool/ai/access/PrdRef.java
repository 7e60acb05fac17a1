package io.prdtool.ai.access;

import java.util.UUID;

/** A PRD the caller may see, with the organization it belongs to and the caller's membership there. */
public record PrdRef(UUID prdId, UUID organizationId, String title, UUID templateId, Member member) {
}
