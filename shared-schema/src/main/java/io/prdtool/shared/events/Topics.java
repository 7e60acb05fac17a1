package io.prdtool.shared.events;

import java.util.List;

/**
 * Kafka topic names, one per domain, each keyed by aggregate id. Adding a topic: add a constant here, add it to
 * {@link #DOMAIN} and describe it in {@code asyncapi.yaml}.
 */
public final class Topics {

    /** Organizations and memberships (prd-service). */
    public static final String ORG = "prdtool.org.events";
    /** Users provisioned from tokens (prd-service). */
    public static final String USER = "prdtool.user.events";
    /** Projects (prd-service). */
    public static final String PROJECT = "prdtool.project.events";
    /** PRDs, versions, approvals, templates (prd-service). */
    public static final String PRD = "prdtool.prd.events";
    /** Collaboration sessions and edits (collab-service). */
    public static final String COLLAB = "prdtool.collab.events";
    /** AI interactions and suggestions (ai-service). */
    public static final String AI = "prdtool.ai.events";
    /** Integrations and deliveries (integration-service). */
    public static final String INTEGRATION = "prdtool.integration.events";
    /** Notifications (notification-service). */
    public static final String NOTIFICATION = "prdtool.notification.events";
    /** Row-level change capture of every service's domain tables (written by the audit trigger). */
    public static final String AUDIT_CHANGES = "prdtool.audit.changes";

    /** Prefix of a consuming service's dead-letter topic, see {@link #deadLetter(String)}. */
    public static final String DEAD_LETTER_PREFIX = "prdtool.dlq.";

    /** CloudEvents {@code type} is {@code TYPE_PREFIX + eventType()}, e.g. {@code io.prdtool.PrdApproved}. */
    public static final String TYPE_PREFIX = "io.prdtool.";

    /** Every domain topic (what audit-service consumes besides {@link #AUDIT_CHANGES}). */
    public static final List<String> DOMAIN = List.of(ORG, USER, PROJECT, PRD, COLLAB, AI, INTEGRATION,
            NOTIFICATION);

    /**
     * The dead-letter topic of a consuming service ({@code prdtool.dlq.audit-service}): records it could not apply,
     * with the reason in the {@code dead-letter-reason} header.
     */
    public static String deadLetter(String consumingService) {
        return DEAD_LETTER_PREFIX + consumingService;
    }

    private Topics() {
    }
}
