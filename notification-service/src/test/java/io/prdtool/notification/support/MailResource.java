package io.prdtool.notification.support;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.prdtool.testinfra.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server (GreenMail) on a free port for the JVM's tests; notification-service's mailer points at it.
 * Tests read what arrived with {@link #greenMail()} and clear it with {@link #reset()}.
 */
public class MailResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail greenMail;
    private static int port;

    public static synchronized GreenMail greenMail() {
        if (greenMail == null) {
            port = KafkaBroker.freePort();
            greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> greenMail.stop(), "greenmail-shutdown"));
        }
        return greenMail;
    }

    public static int port() {
        greenMail();
        return port;
    }

    public static void reset() {
        try {
            greenMail().purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops accepting mail (to test retries); {@link #restartSmtp()} brings the same port back. */
    public static synchronized void stopSmtp() {
        greenMail().stop();
    }

    public static synchronized void restartSmtp() {
        greenMail = null;
        int old = port;
        greenMail = new GreenMail(new ServerSetup(old, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        port = old;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(port()),
                "quarkus.mailer.start-tls", "DISABLED");
    }

    @Override
    public void stop() {
        // lives for the whole JVM (shared by every test class) and stops with it
    }
}
