package io.prdtool.integration.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.prdtool.integration.integration.IntegrationType;

/**
 * Every {@link Deliverer} bean, by action. A real adapter replaces a {@link Deliverer#placeholder() placeholder} for
 * the same action; two real adapters for one action stop the service at startup.
 */
@ApplicationScoped
public class Deliverers {

    @Inject
    @Any
    Instance<Deliverer> all;

    private final Map<String, Deliverer> byAction = new HashMap<>();

    @PostConstruct
    void index() {
        for (Deliverer d : all) {
            for (String action : d.actions()) {
                Deliverer existing = byAction.get(action);
                if (existing == null || existing.placeholder()) {
                    byAction.put(action, d);
                } else if (!d.placeholder()) {
                    throw new IllegalStateException("two adapters deliver " + action + ": "
                            + existing.getClass().getName() + " and " + d.getClass().getName());
                }
            }
        }
    }

    public Optional<Deliverer> forAction(String action) {
        return Optional.ofNullable(byAction.get(action));
    }

    /** The adapter that can test a connection of {@code type}, if any is installed. */
    public Optional<Deliverer> testerOf(IntegrationType type) {
        for (Deliverer d : all) {
            if (!d.placeholder() && d.testedTypes().contains(type)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    public String mappingType(String action) {
        return forAction(action).map(d -> d.mappingType(action)).orElse(null);
    }
}
