package io.prdtool.prd.search.opensearch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the {@code opensearch} search engine ({@code prdtool.search.engine=opensearch}). */
@ConfigMapping(prefix = "prdtool.search.opensearch")
public interface OpenSearchConfig {

    /** The nodes to talk to, e.g. {@code https://opensearch-0.opensearch:9200}; requests are spread over them. */
    @WithDefault("http://localhost:9200")
    List<String> urls();

    /** Basic-auth user (with the security plugin); none when empty. */
    Optional<String> username();

    /** Basic-auth password: a secret, from the environment, never logged. */
    Optional<String> password();

    /**
     * Prefix of the index names: the alias {@code <prefix>-prds} over the versioned index
     * {@code <prefix>-prds-v<index-version>}; lets several installations share a cluster.
     */
    @WithDefault("prdtool")
    String indexPrefix();

    /**
     * The version of the index this instance fills and searches. Raising it rebuilds the index under a new name from
     * the table while the alias still serves the old one, then switches the alias over (zero-downtime reindex).
     */
    @WithDefault("1")
    int indexVersion();

    /** Primary shards of a new index (documents are routed by organization: one organization, one shard). */
    @WithDefault("1")
    int shards();

    /** Replicas of a new index. */
    @WithDefault("1")
    int replicas();

    /** How often OpenSearch makes indexed changes searchable. */
    @WithDefault("1s")
    String refreshInterval();

    /** How much more a title match weighs than a content match. */
    @WithDefault("2.0")
    float titleBoost();

    /** The consumer group whose members (one per instance) share the partitions of {@code prdtool.prd.events}. */
    @WithDefault("prd-service-search-opensearch")
    String consumerGroup();

    /**
     * A search first writes into the index the organization's PRDs written within this window that the projector
     * has not applied yet (read-your-writes).
     */
    @WithDefault("10s")
    Duration freshWindow();

    /** Timeout of one request to OpenSearch. */
    @WithDefault("10s")
    Duration requestTimeout();
}
