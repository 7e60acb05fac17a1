package io.prdtool.shared.inbox;

import io.vertx.pgclient.PgException;

/**
 * Failures that say nothing about the event being applied: the database is unreachable, restarting or shutting down,
 * a lock or serialization conflict. A consumer waits and applies the same event again; sending it to the dead-letter
 * topic would lose it for this service.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    /** True when {@code failure} or one of its causes (Hibernate Reactive and completion stages wrap) is transient. */
    public static boolean isTransient(Throwable failure) {
        int depth = 0;
        for (Throwable e = failure; e != null && depth < 8; e = e.getCause(), depth++) {
            if (isTransientItself(e)) {
                return true;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable e) {
        if (e instanceof PgException pg) {
            String state = pg.getSqlState();
            // serialization failure, deadlock, connection, shutdown, insufficient resources, lock timeout
            return state != null && (state.startsWith("40") || state.startsWith("08") || state.startsWith("57")
                    || state.startsWith("53") || state.equals("55P03"));
        }
        if (e instanceof IllegalStateException ise && ise.getMessage() != null
                && ise.getMessage().contains("Pool closed")) {
            return true;
        }
        if (e instanceof com.fasterxml.jackson.core.JacksonException) {
            return false; // an IOException, but one about the content: retrying cannot help
        }
        return e instanceof java.io.IOException || e instanceof java.util.concurrent.TimeoutException
                || e instanceof io.vertx.core.VertxException
                || e instanceof io.vertx.core.impl.NoStackTraceThrowable;
    }
}
