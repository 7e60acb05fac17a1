package io.prdtool.ai.interaction;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The calls this instance is running, each with the action that stops it. A cancel request reaches the instance
 * running the call through {@link CancelSignals}, whichever instance received it.
 */
@ApplicationScoped
public class RunningInteractions {

    private final Map<UUID, Consumer<String>> running = new ConcurrentHashMap<>();

    public void register(UUID id, Consumer<String> cancel) {
        running.put(id, cancel);
    }

    public void unregister(UUID id) {
        running.remove(id);
    }

    /** Stops the call if it runs here; {@code reason}: cancelled or disconnected. */
    public boolean cancel(UUID id, String reason) {
        Consumer<String> cancel = running.get(id);
        if (cancel == null) {
            return false;
        }
        cancel.accept(reason);
        return true;
    }

    public List<UUID> ids() {
        return List.copyOf(running.keySet());
    }
}
