package io.prdtool.ai.settings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Re-encrypts stored provider keys with the active key id after an operator rotated keys (added a new key, made it
 * active, kept the old one listed until this job reports nothing left to rotate).
 */
@ApplicationScoped
public class KeyRotation {

    private static final Logger LOG = Logger.getLogger(KeyRotation.class);

    @Inject
    SettingsRepository settings;

    @Scheduled(every = "${prdtool.ai.secrets.rotate-every}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rotate() {
        return settings.rotateKeys(500)
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Re-encrypted %d provider API keys with the active key", n);
                    }
                })
                .onFailure().invoke(f -> LOG.warnf("Key rotation failed: %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
