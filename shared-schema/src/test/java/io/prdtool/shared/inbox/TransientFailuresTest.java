package io.prdtool.shared.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;

import io.vertx.pgclient.PgException;

class TransientFailuresTest {

    private static PgException pg(String state) {
        return new PgException("boom", "ERROR", state, "detail");
    }

    @Test
    void databaseOutagesAndConflictsAreTransientEvenWhenWrapped() {
        assertThat(TransientFailures.isTransient(pg("57P01"))).isTrue(); // admin shutdown
        assertThat(TransientFailures.isTransient(pg("40001"))).isTrue(); // serialization failure
        assertThat(TransientFailures.isTransient(new ConnectException("refused"))).isTrue();
        // Hibernate Reactive and completion stages wrap the driver's failure
        assertThat(TransientFailures.isTransient(new CompletionException(new RuntimeException("hibernate",
                pg("08006"))))).isTrue();
        assertThat(TransientFailures.isTransient(new IllegalStateException("Pool closed"))).isTrue();
    }

    @Test
    void failuresAboutTheEventItselfAreNot() {
        assertThat(TransientFailures.isTransient(pg("23505"))).isFalse(); // unique violation
        assertThat(TransientFailures.isTransient(pg("22P02"))).isFalse(); // invalid text representation
        assertThat(TransientFailures.isTransient(new RuntimeException("wrapped", pg("23503")))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("bad event"))).isFalse();
        // Jackson's failures are IOExceptions, but about the content
        assertThat(TransientFailures.isTransient(new JsonParseException(null, "not JSON"))).isFalse();
        assertThat(TransientFailures.isTransient(new RuntimeException(new JsonParseException(null, "x")))).isFalse();
        assertThat(TransientFailures.isTransient(new IOException("disk"))).isTrue();
    }
}
