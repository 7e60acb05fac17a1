package io.prdtool.integration.integration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.prdtool.integration.IntegrationConfig;
import io.prdtool.shared.crypto.SecretBox;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * integration-service's {@link SecretBox} (keys {@code prdtool.integration.secrets.keys.<id>}, active key
 * {@code prdtool.integration.secrets.active-key-id}) and the job that re-encrypts credentials sealed with an older key
 * after an operator rotated keys (added a key, made it active, kept the old one listed until this reports nothing left).
 */
@ApplicationScoped
public class Secrets {

    private static final Logger LOG = Logger.getLogger(Secrets.class);

    @Inject
    IntegrationRepository integrations;

    @Produces
    @Singleton
    SecretBox secretBox(IntegrationConfig config) {
        return new SecretBox(config.secrets().keys(), config.secrets().activeKeyId(), "prdtool.integration.secrets");
    }

    @Scheduled(every = "${prdtool.integration.secrets.rotate-every:1h}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rotate() {
        return integrations.rotateKeys(500)
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Re-encrypted %d integration credentials with the active key", n);
                    }
                })
                .onFailure().invoke(f -> LOG.warnf("Key rotation failed: %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
