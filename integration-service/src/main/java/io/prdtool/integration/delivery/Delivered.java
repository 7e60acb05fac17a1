package io.prdtool.integration.delivery;

import java.util.List;

import io.prdtool.shared.events.DomainEvent;

/**
 * A successful attempt: the target's HTTP status (null when not HTTP, e.g. git), and what the target calls the thing
 * delivered ({@code externalId}: a Slack message ts, a Jira key, a commit hash; {@code externalUrl}: where to see it),
 * both optional. With a {@link Deliverer#mappingType(String) mapping type}, they update the PRD's mapping.
 * {@code events} are appended to the outbox in the transaction that marks the delivery delivered (e.g. git's
 * {@code PrdVersionCommitted}), so they are published exactly when the success is recorded.
 */
public record Delivered(Integer status, String externalId, String externalUrl, String version, String contentHash,
        List<DomainEvent> events) {

    public Delivered {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public Delivered(Integer status, String externalId, String externalUrl, String version, String contentHash) {
        this(status, externalId, externalUrl, version, contentHash, List.of());
    }

    public static Delivered status(int status) {
        return new Delivered(status, null, null, null, null);
    }

    public static Delivered external(Integer status, String externalId, String externalUrl) {
        return new Delivered(status, externalId, externalUrl, null, null);
    }

    /** This outcome with {@code event} to publish when it is recorded. */
    public Delivered withEvent(DomainEvent event) {
        List<DomainEvent> next = new java.util.ArrayList<>(events);
        next.add(event);
        return new Delivered(status, externalId, externalUrl, version, contentHash, next);
    }
}
