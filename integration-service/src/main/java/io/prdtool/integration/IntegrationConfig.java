package io.prdtool.integration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * integration-service settings ({@code prdtool.integration.*}, env {@code PRDTOOL_INTEGRATION_...}). Every default
 * works in the local stack; production values (keys, the web app's URL) come from the environment.
 */
@ConfigMapping(prefix = "prdtool.integration")
public interface IntegrationConfig {

    /**
     * Whether organizations may point integrations at private, loopback or link-local addresses (an SSRF vector:
     * allow it only where every organization is trusted, e.g. a single-tenant install). Also allows plain http.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /**
     * Operator allowlist of host names that may resolve to private addresses and be called over plain http (a
     * self-hosted Mattermost or Jira Data Center inside the operator's network). Never per organization.
     */
    Optional<List<String>> privateHostsAllowed();

    /**
     * prd-service's base URL for the claim-check of versions too large for their event (over 256 KiB); empty: such
     * versions fail their git/Jira delivery as terminal.
     */
    Optional<String> prdServiceUrl();

    /**
     * A file holding a service account's bearer token (a JWT of the {@code prdtool-service} group) for the
     * claim-check; read on every call, so a rotated token (a re-mounted secret) is used without a restart.
     */
    Optional<String> serviceTokenFile();

    /** Where the web app opens a PRD: links in chat messages are {@code <app-base-url>/prds/<id>}. */
    @WithDefault("http://localhost:3000")
    String appBaseUrl();

    Secrets secrets();

    Delivery delivery();

    Webhook webhook();

    Slack slack();

    Teams teams();

    Http http();

    Jira jira();

    Craft craft();

    interface Craft {

        /** Hosts an API connection link may be on (Craft's; tests add their stand-in). */
        @WithDefault("connect.craft.do")
        List<String> hosts();
    }

    interface Jira {

        /** How often the status of every prdtool-labelled issue is polled from each enabled Jira integration. */
        @WithDefault("10m")
        String pollEvery();

        /** How often stored Jira webhook deliveries are applied to the mappings. */
        @WithDefault("2s")
        String processEvery();
    }

    interface Secrets {

        /**
         * AES-256 keys (base64, 32 bytes) by key id, e.g. {@code PRDTOOL_INTEGRATION_SECRETS_KEYS_K2026=...}. Old ids
         * stay listed until the rotation job has re-encrypted every credential with the active one.
         */
        Map<String, String> keys();

        /** The id of the key new credentials are encrypted with; empty: no integration with a credential can be saved. */
        Optional<String> activeKeyId();

        /** How often credentials under an older key are re-encrypted with the active key. */
        @WithDefault("1h")
        String rotateEvery();
    }

    interface Delivery {

        /**
         * Waits before each retry (Standard Webhooks' schedule); a delivery still failing after the last one is dead.
         * Each wait is drawn with full jitter (uniform between 0 and the value) and never shorter than the target's
         * {@code Retry-After}.
         */
        @WithDefault("5s,5m,30m,2h,5h,10h,14h,20h,24h")
        List<Duration> retrySchedule();

        /** How often the dispatcher looks for due deliveries (it is also woken whenever one is recorded). */
        @WithDefault("2s")
        String pollEvery();

        /** How long a claimed delivery stays claimed; an instance that died mid-call frees it after this. */
        @WithDefault("2m")
        Duration lease();

        /** Deliveries one instance runs at once (across all integrations). */
        @WithDefault("8")
        int concurrency();

        /** The longest one attempt may take, whatever the adapter does; then it counts as a retryable timeout. */
        @WithDefault("30s")
        Duration attemptTimeout();

        /** Failed attempts in a row (since the last success) that disable an integration. */
        @WithDefault("10")
        int maxConsecutiveFailures();

        /** Retryable failures in a row that open an integration's circuit (its deliveries wait). */
        @WithDefault("5")
        int breakerThreshold();

        /** How long an open circuit waits before one probe delivery is let through. */
        @WithDefault("60s")
        Duration breakerCoolDown();

        /** Least time between two messages to one chat channel (Slack allows about one per second). */
        @WithDefault("1s")
        Duration chatPace();
    }

    interface Webhook {

        /** After a signing secret is rotated, the previous one keeps signing (a second signature) this long. */
        @WithDefault("24h")
        Duration secretGrace();
    }

    interface Slack {

        /** The Web API base (chat.postMessage, users.lookupByEmail, auth.test). */
        @WithDefault("https://slack.com/api")
        String apiBaseUrl();

        /** Hosts an incoming-webhook URL may have. */
        @WithDefault("hooks.slack.com")
        List<String> webhookHosts();
    }

    interface Teams {

        /** Host suffixes a Teams Workflows (Power Automate) webhook URL may have. */
        @WithDefault(".logic.azure.com,.powerplatform.com,.powerautomate.com")
        List<String> hostSuffixes();
    }

    interface Http {

        @WithDefault("5s")
        Duration connectTimeout();

        /** Default bound of one call (connect to last byte) when the caller gives none. */
        @WithDefault("20s")
        Duration timeout();

        /**
         * The largest answer read: Jira and Confluence answers beyond it fail (terminal); chat and webhook answers are
         * cut to it (the rest is not read).
         */
        @WithDefault("8388608")
        int maxResponseBytes();
    }
}
