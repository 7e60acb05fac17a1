package io.prdtool.collab.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the collaboration server. Env: {@code PRDTOOL_COLLAB_LIMITS_MAX_MESSAGE_BYTES}, ... */
@ConfigMapping(prefix = "prdtool.collab")
public interface CollabConfig {

    /** The name of the Y.Text root that holds a PRD's content (Markdown source); REST peer edits target it. */
    @WithDefault("content")
    String textName();

    /** This instance's id among the collab-service instances; a random one per process when unset. */
    java.util.Optional<String> instanceId();

    Limits limits();

    Documents documents();

    Access access();

    Presence presence();

    Cluster cluster();

    ContentEvents contentEvents();

    CollaborationEvents collaborationEvents();

    interface CollaborationEvents {

        /** Monthly partitions of collaboration_events kept ready beyond the current month. */
        @WithDefault("3")
        int monthsAhead();

        /** Events older than this many months move to collaboration_events_archive. */
        @WithDefault("3")
        int archiveAfterMonths();

        /** When partitions are created ahead and old events archived (cron, server time zone). */
        @WithDefault("0 17 3 * * ?")
        String maintenanceCron();
    }

    interface ContentEvents {

        /** Whether document content and editor activity are published (PrdContentChanged, CollaboratorActive). */
        @WithDefault("true")
        boolean enabled();

        /** Publish once a document has had no edit for this long... */
        @WithDefault("2s")
        Duration quietPeriod();

        /** ...or at the latest this long after the first unpublished edit, however busy the document is. */
        @WithDefault("10s")
        Duration maxDelay();

        /** How often documents are checked for content to publish (the due ones are spread over the interval). */
        @WithDefault("1s")
        Duration checkInterval();
    }

    interface Cluster {

        /** Whether updates and awareness fan out to other instances through Kafka. */
        @WithDefault("true")
        boolean enabled();

        /** The internal topic (keyed by PRD id) that carries stored updates and awareness between instances. */
        @WithDefault("prdtool.collab.sync")
        String topic();

        /**
         * How often a document with connections reads the log for updates it has not seen (the safety net under the
         * Kafka fast path: a lost or late fan-out message still reaches clients within this time).
         */
        @WithDefault("5s")
        Duration catchUpInterval();

        /**
         * How often an instance re-announces the documents it holds; another instance stops publishing a document's
         * updates to it after three missed announcements (e.g. it crashed).
         */
        @WithDefault("5s")
        Duration interestRefresh();

        /**
         * How long after loading a document an instance reads the log once more for updates that other instances
         * stored before they learned that it holds the document (and so did not publish to it).
         */
        @WithDefault("1s")
        Duration joinCatchUpDelay();
    }

    interface Limits {

        /** Largest WebSocket message accepted; larger ones close the socket with 1009. */
        @WithDefault("1048576")
        int maxMessageBytes();

        /**
         * Batches of client updates up to this size are applied on the event loop (microseconds for typing); larger
         * ones on a worker thread, so that one big paste does not stall other connections.
         */
        @WithDefault("65536")
        int inlineApplyBytes();

        /** Largest encoded document; an update that would grow a document beyond it is refused (close 4413). */
        @WithDefault("8388608")
        long maxDocumentBytes();

        /**
         * Sustained document updates per second and connection. Above it the connection is throttled, not closed: the
         * server stops reading its socket (TCP back-pressure: the client's own buffer holds the rest) and processes its
         * messages, in order, as the rate allows. Typing is 5-15 updates a second.
         */
        @WithDefault("50")
        double updatesPerSecond();

        /**
         * Updates a connection may send at once before the rate applies: a scripted import or a few hundred quick
         * edits (y-websocket sends one message per transaction) go through without delay.
         */
        @WithDefault("500")
        int updateBurst();

        /**
         * Bytes of a throttled connection's messages held while its socket is paused (what was already in flight).
         * Only a client that ignores back-pressure gets beyond it; it is closed with 1013 (try again later).
         */
        @WithDefault("8388608")
        long maxHeldBytes();

        /**
         * Bytes waiting to be written to a client beyond which it counts as lagging: it is sent no further updates or
         * awareness until its socket has drained, and then one catch-up update with everything it missed (coalesced,
         * at most the document's size) and the current awareness.
         */
        @WithDefault("1048576")
        long catchUpAfterBytes();

        /**
         * Bytes the server may hold for one connection that has not yet reached its socket; beyond this the connection
         * is closed with 1013 instead of buffering without bound. Only reachable by a client that stops reading while
         * lagging (the catch-up replaces the updates it missed); the client reconnects and re-syncs.
         */
        @WithDefault("16777216")
        long maxSendQueueBytes();
    }

    interface Documents {

        /** A document with no connection for this long is dropped from memory (it stays in the database). */
        @WithDefault("60s")
        Duration unloadAfter();

        /**
         * Updates after the latest snapshot that make the compactor write a new one. A snapshot re-encodes the whole
         * document, a load replays at most this many updates (a keystroke each, tens of microseconds apiece).
         */
        @WithDefault("200")
        int compactAfterUpdates();

        /**
         * Appends to the operation log in flight at once (group commit across documents): while this many are in
         * flight, what other documents have pending waits and goes in the next statement together, one transaction
         * for all of them. 1 batches the most (the database's CPU per keystroke is mostly the transaction, not the
         * bytes); more lets a slow write of one document hold up fewer of the others.
         */
        @WithDefault("1")
        int appendLanes();

        /**
         * Each document compacts after {@code compact-after-updates} plus a random share of up to this fraction of it,
         * drawn again after every snapshot: documents edited in lockstep (everyone back after a deploy, a benchmark)
         * must not all re-encode and write their snapshots in the same moment. 0 compacts at exactly the threshold; values
         * above 1 count as 1.
         */
        @WithDefault("0.5")
        double compactSpread();

        /** How often idle documents are unloaded and long logs compacted. */
        @WithDefault("10s")
        Duration maintenanceInterval();

        /**
         * Whether a document whose log is empty starts from the PRD's content in prd-service (asked with the token of
         * the user who opens it). While prd-service cannot answer, such a document does not load (the client is
         * closed with 1011 and comes back), rather than go live empty. Off only where collab-service runs without
         * prd-service (benchmarks).
         */
        @WithDefault("true")
        boolean seedFromPrdService();
    }

    interface Access {

        /** How often an open socket re-checks its user's membership (revocations close it within this time). */
        @WithDefault("15s")
        Duration recheckInterval();

        /**
         * prd-service's base URL. A connection to a PRD the access projection does not know (yet) asks it, with the
         * user's token, whether the user may read the PRD ({@code GET /api/v1/prds/{id}}) before answering 4404.
         */
        @WithDefault("http://localhost:8081")
        String prdServiceUrl();

        /** How long prd-service may take to answer that question; no answer counts as "not confirmed". */
        @WithDefault("2s")
        Duration prdServiceTimeout();

        /**
         * How long a connection to a PRD that prd-service confirmed (or could not rule out) is held while the access
         * projection catches up, re-checking it; then 4404 (not confirmed) or 1013 (confirmed: the client retries).
         */
        @WithDefault("5s")
        Duration unknownDocumentWait();
    }

    interface Presence {

        /** A session row not refreshed for this long is stale and removed (the one cleanup rule). */
        @WithDefault("2m")
        Duration staleAfter();

        /**
         * Presence changes (joins, leaves, awareness, activity) made within this time are written together: one
         * statement per kind for all connections, however many joined at once.
         */
        @WithDefault("200ms")
        Duration flushDelay();

        /** Least time between two last-activity writes of one connection. */
        @WithDefault("10s")
        Duration touchInterval();

        /** A connection that sent a document update within this time counts as editing. */
        @WithDefault("30s")
        Duration editingWindow();

        /**
         * Longest an AI action shows its user as "ai-prompting" (counted from its AiInteractionStarted) when its end
         * never arrives, e.g. because ai-service crashed.
         */
        @WithDefault("10m")
        Duration aiPromptingMax();
    }
}
