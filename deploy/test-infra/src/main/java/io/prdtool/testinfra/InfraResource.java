package io.prdtool.testinfra;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the real PostgreSQL server and Kafka broker of this JVM (started on first use)
 * and at the test JWT key pair. Every service's tests use this one resource.
 */
public class InfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        PostgresServer pg = PostgresServer.shared();
        KafkaBroker kafka = KafkaBroker.shared();
        JwtKeys keys = JwtKeys.forTests();
        Map<String, String> config = new HashMap<>();
        config.put("prdtool.db.host", pg.host());
        config.put("prdtool.db.port", String.valueOf(pg.port()));
        config.put("prdtool.db.name", PostgresServer.DATABASE);
        config.put("quarkus.datasource.username", pg.user());
        config.put("quarkus.datasource.password", pg.password());
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("mp.jwt.verify.publickey.location", keys.publicKeyFile().toUri().toString());
        config.put("mp.jwt.verify.issuer", Tokens.TEST_ISSUER);
        config.put("mp.jwt.verify.audiences", Tokens.AUDIENCE);
        config.put("smallrye.jwt.sign.key.location", keys.privateKeyFile().toUri().toString());
        return config;
    }

    @Override
    public void stop() {
        // The server and broker live for the whole JVM (shared by every test class) and stop with it.
    }
}
