package io.prdtool.audit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** audit-service settings ({@code prdtool.audit.*}, env {@code PRDTOOL_AUDIT_...}); defaults suit the local stack. */
@ConfigMapping(prefix = "prdtool.audit")
public interface AuditConfig {

    Partitions partitions();

    Retention retention();

    Summary summary();

    Api api();

    Ingest ingest();

    interface Partitions {

        /** How many months of partitions exist ahead of the current one (at least 3). */
        @WithDefault("3")
        int monthsAhead();

        /** When partition maintenance (create ahead, apply retention) runs; it also runs at startup. */
        @WithDefault("0 17 3 * * ?")
        String cron();
    }

    interface Retention {

        /** Months of activity_logs kept online; older monthly partitions are archived. */
        @WithDefault("13")
        int activityMonths();

        /** Months of audit_trails kept online (compliance: years). */
        @WithDefault("84")
        int trailMonths();

        /**
         * {@code detach}: an old partition becomes a standalone table {@code archived_<name>} (export it, then drop
         * it); {@code drop}: it is deleted.
         */
        @WithDefault("detach")
        String mode();
    }

    interface Summary {

        /** How often user_activity_summary is refreshed (concurrently; readers are never blocked). */
        @WithDefault("5m")
        String refreshEvery();
    }

    interface Api {

        @WithDefault("50")
        int defaultPageSize();

        /** Larger page sizes are rejected with 400. */
        @WithDefault("200")
        int maxPageSize();
    }

    interface Ingest {

        /** Attempts of a failing event's effect before it goes to the dead-letter topic. */
        @WithDefault("3")
        int maxAttempts();

        @WithDefault("200ms")
        Duration retryBackoff();
    }
}
