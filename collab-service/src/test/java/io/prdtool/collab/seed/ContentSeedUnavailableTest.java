package io.prdtool.collab.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.collab.config.CollabConfig;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;

/** prd-service that cannot be asked makes seeding fail as 503 with Retry-After, never as an internal error. */
class ContentSeedUnavailableTest {

    private static ContentSeed seedAskingAt(String url) {
        CollabConfig.Access access = (CollabConfig.Access) Proxy.newProxyInstance(
                CollabConfig.Access.class.getClassLoader(), new Class<?>[]{CollabConfig.Access.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "prdServiceUrl" -> url;
                    case "prdServiceTimeout" -> Duration.ofSeconds(2);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        CollabConfig config = (CollabConfig) Proxy.newProxyInstance(CollabConfig.class.getClassLoader(),
                new Class<?>[]{CollabConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("access")) {
                        return access;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        ContentSeed seed = new ContentSeed();
        seed.config = config;
        seed.mapper = new ObjectMapper();
        return seed;
    }

    @Test
    void anUnreachablePrdServiceIsA503WithRetryAfter() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Throwable failure = catchThrowable(() -> seedAskingAt("http://127.0.0.1:" + closedPort)
                .content(UUID.randomUUID(), "token").await().atMost(Duration.ofSeconds(10)));
        assertThat(failure).isInstanceOf(ProblemException.class);
        ProblemException problem = (ProblemException) failure;
        assertThat(problem.type()).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(problem.retryAfterSeconds()).isEqualTo(5L);
    }
}
