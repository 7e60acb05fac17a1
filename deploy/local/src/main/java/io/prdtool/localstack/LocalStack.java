package io.prdtool.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.prdtool.testinfra.DirectoryTrees;
import io.prdtool.testinfra.JwtKeys;
import io.prdtool.testinfra.KafkaBroker;
import io.prdtool.testinfra.PostgresServer;

/**
 * The one-command local stack: a real PostgreSQL server and Kafka broker (data kept under the data directory), the
 * six services in JVM mode, demo data, and a development token issuer. Ctrl-C stops everything it started.
 * <p>
 * Never part of a production deployment: the development issuer's key pair lives in the data directory and only the
 * services started here are told to trust it.
 */
public final class LocalStack {

    /** Services in start order, with their HTTP port. */
    static final Map<String, Integer> SERVICES = new LinkedHashMap<>();
    static {
        SERVICES.put("prd-service", 8081);
        SERVICES.put("collab-service", 8082);
        SERVICES.put("ai-service", 8083);
        SERVICES.put("integration-service", 8084);
        SERVICES.put("notification-service", 8085);
        SERVICES.put("audit-service", 8086);
    }

    static final String ISSUER = "https://dev-issuer.prdtool.local";
    static final int TOKEN_ISSUER_PORT = 8090;
    /** The SMTP sink notification-service sends to; messages land as .eml files under the data directory. */
    static final int SMTP_PORT = 2525;
    static final int WEBHOOK_PORT = 8091;
    /** The git daemon (git://) serving the bare repositories under the data directory's {@code git/}. */
    static final int GIT_PORT = 9418;

    private final Options options;
    private final List<ServiceProcess> services = new ArrayList<>();
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private DevTokenIssuer issuer;
    private MailSink mail;
    private WebhookSink webhooks;
    private GitServer git;

    private LocalStack(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        LocalStack stack = new LocalStack(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.stop();
            stopped.countDown();
        }, "local-stack-shutdown"));
        long started = System.nanoTime();
        try {
            stack.start();
        } catch (StartFailure e) {
            System.err.println();
            System.err.println("FAILED to start " + e.part + ": " + e.getMessage());
            if (e.log != null) {
                System.err.println("  its log: " + e.log);
                tail(e.log, 25).forEach(line -> System.err.println("  | " + line));
            }
            System.exit(1);
        }
        System.out.printf("%nLocal stack up in %.1f s. Ctrl-C stops everything.%n",
                (System.nanoTime() - started) / 1e9);
        if (options.exitAfterStart) {
            System.exit(0);
        }
        stopped.await();
    }

    private void start() throws Exception {
        Path data = options.dataDir;
        if (options.fresh && Files.exists(data)) {
            say("--fresh: removing " + data);
            DirectoryTrees.delete(data);
        }
        Path logs = Files.createDirectories(data.resolve("logs"));

        say("PostgreSQL on port " + options.postgresPort + " (data: " + data.resolve("postgres") + ")");
        try {
            // durable settings: the embedded launcher's defaults trade durability for test speed
            postgres = PostgresServer.start(data.resolve("postgres"), options.postgresPort, false,
                    Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
            postgres.createDatabaseIfMissing(PostgresServer.DATABASE);
        } catch (Exception e) {
            throw new StartFailure("PostgreSQL", rootMessage(e), data.resolve("postgres").resolve("log"), e);
        }

        say("Kafka (KRaft) on port " + options.kafkaPort + " (data: " + data.resolve("kafka") + ")");
        try {
            kafka = KafkaBroker.launch(data.resolve("kafka"), options.kafkaPort, options.kafkaPort + 1, "512m");
            kafka.createTopics(3, Topology.topics().toArray(String[]::new));
        } catch (Exception e) {
            throw new StartFailure("Kafka", rootMessage(e), data.resolve("kafka").resolve("broker.log"), e);
        }

        JwtKeys keys = JwtKeys.loadOrCreate(data.resolve("jwt"));
        issuer = DevTokenIssuer.start(keys, ISSUER, TOKEN_ISSUER_PORT);
        try {
            mail = MailSink.start(data.resolve("mail"), SMTP_PORT);
        } catch (IOException e) {
            throw new StartFailure("mail sink", "cannot listen on port " + SMTP_PORT + ": " + e.getMessage(), null, e);
        }
        say("SMTP sink on port " + SMTP_PORT + " (mail: " + mail.directory() + ")");
        try {
            webhooks = WebhookSink.start(data.resolve("webhooks"), WEBHOOK_PORT);
        } catch (IOException e) {
            throw new StartFailure("webhook receiver", "cannot listen on port " + WEBHOOK_PORT + ": " + e.getMessage(),
                    null, e);
        }
        say("webhook receiver on http://localhost:" + WEBHOOK_PORT + "/ (requests: " + webhooks.directory() + ")");
        try {
            git = GitServer.start(data.resolve("git"), GIT_PORT);
        } catch (IOException e) {
            throw new StartFailure("git server", "cannot listen on port " + GIT_PORT + ": " + e.getMessage(), null,
                    e);
        }
        say("git server on " + git.demoUrl() + " (bare repositories: " + git.directory() + ")");

        Map<String, String> env = new LinkedHashMap<>();
        env.put("PRDTOOL_DB_HOST", postgres.host());
        env.put("PRDTOOL_DB_PORT", String.valueOf(postgres.port()));
        env.put("PRDTOOL_DB_USER", postgres.user());
        env.put("PRDTOOL_DB_PASSWORD", postgres.password());
        env.put("PRDTOOL_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("PRDTOOL_JWT_PUBLIC_KEY_LOCATION", keys.publicKeyFile().toUri().toString());
        env.put("PRDTOOL_JWT_ISSUER", ISSUER);
        env.put("PRDTOOL_LOG_JSON", "false");
        // the 'local' profile on top of prod: CORS for the co-editing demo page at collab-service's /demo/
        env.put("QUARKUS_PROFILE", "prod,local");
        // ai-service: the key that encrypts organizations' provider API keys (kept with the data); the provider
        // itself comes from the caller's environment (PRDTOOL_AI_PROVIDER_BASE_URL, _MODEL, _API_KEY), if any
        env.put("PRDTOOL_AI_SECRETS_KEYS_LOCAL", secretsKey(data.resolve("ai-secrets.key")));
        env.put("PRDTOOL_AI_SECRETS_ACTIVE_KEY_ID", "local");
        // notification-service: email to the sink, held only briefly (skip-if-read still works), unsubscribe links
        // signed with a key kept with the data
        env.put("PRDTOOL_SMTP_HOST", "127.0.0.1");
        env.put("PRDTOOL_SMTP_PORT", String.valueOf(SMTP_PORT));
        env.put("PRDTOOL_SMTP_START_TLS", "DISABLED");
        env.put("PRDTOOL_NOTIFICATION_EMAIL_HOLD", "5s");
        env.put("PRDTOOL_NOTIFICATION_DELIVERY_EVERY", "2s");
        env.put("PRDTOOL_NOTIFICATION_UNSUBSCRIBE_KEYS_LOCAL", secretsKey(data.resolve("unsubscribe.key")));
        env.put("PRDTOOL_NOTIFICATION_UNSUBSCRIBE_ACTIVE_KEY_ID", "local");
        // integration-service: the key that encrypts integration credentials (kept with the data); targets on this
        // machine (a local webhook receiver, a local git server) are allowed by name, as an operator would allow
        // internal hosts
        env.put("PRDTOOL_INTEGRATION_SECRETS_KEYS_LOCAL", secretsKey(data.resolve("integration-secrets.key")));
        env.put("PRDTOOL_INTEGRATION_SECRETS_ACTIVE_KEY_ID", "local");
        env.put("PRDTOOL_INTEGRATION_PRIVATE_HOSTS_ALLOWED", "localhost");
        env.put("PRDTOOL_INTEGRATION_GIT_ALLOW_PRIVATE_HOSTS", "true");
        // the local git server speaks git:// (no TLS, no credentials): refused outside tests and this stack
        env.put("PRDTOOL_INTEGRATION_GIT_ALLOW_GIT_PROTOCOL", "true");
        env.put("PRDTOOL_INTEGRATION_GIT_CACHE_DIR", data.resolve("git-cache").toString());

        // Services start in parallel (each migrates its own schema); readiness is awaited for all.
        for (var svc : SERVICES.entrySet()) {
            Path jar = options.repoRoot.resolve(svc.getKey()).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new StartFailure(svc.getKey(), "not built: " + jar + " is missing (run without --no-build)",
                        null, null);
            }
            say("starting " + svc.getKey() + " on port " + svc.getValue());
            services.add(ServiceProcess.start(svc.getKey(), svc.getValue(), jar, env,
                    logs.resolve(svc.getKey() + ".log"), options.serviceHeap));
        }
        for (ServiceProcess svc : services) {
            svc.awaitReady(Duration.ofSeconds(options.readyTimeoutSeconds));
            say(svc.name() + " ready (" + svc.url() + "/q/health/ready)");
        }

        DemoData.Seeded demo = new DemoData(issuer, data.resolve("demo.json")).seedOnce();
        printWelcome(demo);
    }

    /** A random AES-256 key (base64), created on first start and kept owner-readable in the data directory. */
    static String secretsKey(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(file,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own protection applies
            }
        }
        return Files.readString(file).strip();
    }

    private void printWelcome(DemoData.Seeded demo) {
        StringBuilder out = new StringBuilder("\n==================== PRD Tool local stack ====================\n");
        for (ServiceProcess svc : services) {
            out.append(String.format("  %-22s %s   (OpenAPI: %s/q/openapi, health: %s/q/health)%n", svc.name(),
                    svc.url(), svc.url(), svc.url()));
        }
        out.append(String.format("  %-22s postgresql://%s:%d/%s (user %s)%n", "PostgreSQL", postgres.host(),
                postgres.port(), PostgresServer.DATABASE, postgres.user()));
        out.append(String.format("  %-22s %s%n", "Kafka", kafka.bootstrapServers()));
        out.append(String.format("  %-22s %s/dev/token?user=alice   (fresh tokens; local stack only)%n",
                "Dev token issuer", issuer.url()));
        out.append(String.format("  %-22s smtp://127.0.0.1:%d   (every email lands in %s as .eml)%n", "Mail sink",
                mail.port(), mail.directory()));
        out.append(String.format("  %-22s http://localhost:%d/   (every request lands in %s)%n", "Webhook receiver",
                WEBHOOK_PORT, webhooks.directory()));
        out.append(String.format("  %-22s %s   (bare repositories in %s)%n", "Git server", git.demoUrl(),
                git.directory()));
        out.append("\nDemo data: organization '").append(demo.orgSlug()).append("' (").append(demo.orgId())
                .append("), project ").append(demo.projectId()).append(", PRD ").append(demo.prdId()).append('\n');
        out.append("\nTokens (valid 12 h):\n");
        // the demo page reads the PRD and one token per user from the fragment, which a browser never sends
        StringBuilder demoPage = new StringBuilder("http://localhost:8082/demo/#prd=").append(demo.prdId());
        for (var user : demo.users()) {
            String token = issuer.mint(user.handle(), Duration.ofHours(12));
            out.append(String.format("  %-6s (%s, %s)%n  export TOKEN_%s='%s'%n", user.handle(), user.email(),
                    user.role(), user.handle().toUpperCase(), token));
            demoPage.append('&').append(user.handle()).append('=').append(token);
        }
        out.append("\nCo-editing demo (open in a browser: alice and bob side by side, carol read-only):\n  ")
                .append(demoPage).append('\n');
        out.append("\nTry:\n");
        out.append("  curl -s -H \"Authorization: Bearer $TOKEN_ALICE\" http://localhost:8081/api/v1/prds/")
                .append(demo.prdId()).append('\n');
        out.append("  curl -s -H \"Authorization: Bearer $TOKEN_CAROL\" 'http://localhost:8081/api/v1/orgs/")
                .append(demo.orgId()).append("/search?q=checkout'\n");
        out.append("  WebSocket (y-websocket): ws://localhost:8082/collab/").append(demo.prdId())
                .append("?token=$TOKEN_BOB\n");
        out.append(
                "  Notifications: curl -s -H \"Authorization: Bearer $TOKEN_BOB\" http://localhost:8085/api/v1/notifications")
                .append("   (emails: ").append(mail.directory()).append(")\n");
        out.append("  AI review (no provider needed): curl -s -X POST -H \"Authorization: Bearer $TOKEN_BOB\""
                + " http://localhost:8083/api/v1/prds/").append(demo.prdId()).append("/ai/review\n");
        String provider = System.getenv("PRDTOOL_AI_PROVIDER_BASE_URL");
        out.append("  AI provider: ").append(provider == null || provider.isBlank()
                ? "none (set PRDTOOL_AI_PROVIDER_BASE_URL and PRDTOOL_AI_PROVIDER_MODEL, e.g. Ollama's"
                        + " http://localhost:11434/v1, and restart for generative actions)"
                : provider + " (" + System.getenv().getOrDefault("PRDTOOL_AI_PROVIDER_MODEL", "no model set") + ")")
                .append('\n');
        Path demoRepo = git.directory().resolve(GitServer.DEMO_REPOSITORY + ".git");
        out.append("  Git integration: curl -s -X POST -H \"Authorization: Bearer $TOKEN_ALICE\""
                + " -H 'Content-Type: application/json' \\\n      -d '{\"type\":\"git\",\"name\":\"Local repository\","
                + "\"settings\":{\"repoUrl\":\"").append(git.demoUrl())
                .append("\"},\"secret\":\"local-git-needs-no-token\"}' \\\n      ")
                .append("http://localhost:8084/api/v1/orgs/").append(demo.orgId()).append("/integrations\n")
                .append("    then each new PRD version is committed as prds/<slug>.md: git --git-dir=")
                .append(demoRepo).append(" log -p main\n");
        out.append("  logs: ").append(options.dataDir.resolve("logs")).append('\n');
        out.append("===============================================================\n");
        System.out.print(out);
    }

    private synchronized void stop() {
        if (!services.isEmpty()) {
            say("stopping services");
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).requestStop();
        }
        for (ServiceProcess svc : services) {
            svc.awaitStop(Duration.ofSeconds(25));
        }
        services.clear();
        if (issuer != null) {
            issuer.stop();
            issuer = null;
        }
        if (mail != null) {
            mail.close();
            mail = null;
        }
        if (webhooks != null) {
            webhooks.close();
            webhooks = null;
        }
        if (git != null) {
            git.close();
            git = null;
        }
        if (kafka != null) {
            say("stopping Kafka");
            kafka.close();
            kafka = null;
        }
        if (postgres != null) {
            say("stopping PostgreSQL");
            postgres.close();
            postgres = null;
        }
    }

    static void say(String message) {
        System.out.println("[local-stack] " + message);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    static List<String> tail(Path file, int lines) {
        try {
            if (Files.isDirectory(file)) {
                return List.of();
            }
            List<String> all = Files.readAllLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    static HttpResponse<String> http(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    }

    /** Which part failed to start, why, and where its log is. */
    static final class StartFailure extends Exception {

        final String part;
        final Path log;

        StartFailure(String part, String message, Path log, Throwable cause) {
            super(message, cause);
            this.part = part;
            this.log = log;
        }
    }

    record Options(Path repoRoot, Path dataDir, boolean fresh, int postgresPort, int kafkaPort, String serviceHeap,
            int readyTimeoutSeconds, boolean exitAfterStart) {

        static Options parse(String[] args) {
            Path root = Path.of(System.getProperty("prdtool.repo", ".")).toAbsolutePath().normalize();
            Path data = root.resolve(".prdtool-data");
            boolean fresh = false;
            boolean exitAfterStart = false;
            int pg = 15432;
            int kafka = 19092;
            String heap = "256m";
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--fresh" -> fresh = true;
                    case "--data-dir" -> data = Path.of(args[++i]).toAbsolutePath();
                    case "--postgres-port" -> pg = Integer.parseInt(args[++i]);
                    case "--kafka-port" -> kafka = Integer.parseInt(args[++i]);
                    case "--service-heap" -> heap = args[++i];
                    case "--exit-after-start" -> exitAfterStart = true;
                    case "--no-build" -> {
                        // handled by run.sh
                    }
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]
                            + " (known: --fresh --no-build --data-dir DIR --postgres-port N --kafka-port N"
                            + " --service-heap SIZE)");
                }
            }
            return new Options(root, data, fresh, pg, kafka, heap, 180, exitAfterStart);
        }
    }

    /** One service JVM; its output goes to its log file. */
    record ServiceProcess(String name, int port, Process process, Path log) {

        static ServiceProcess start(String name, int port, Path jar, Map<String, String> env, Path log, String heap)
                throws IOException {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port,
                    "-jar", jar.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            return new ServiceProcess(name, port, pb.start(), log);
        }

        String url() {
            return "http://localhost:" + port;
        }

        void awaitReady(Duration timeout) throws StartFailure, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            String last = "no answer";
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new StartFailure(name, "exited with code " + process.exitValue(), log, null);
                }
                try {
                    HttpResponse<String> r = http(request(url() + "/q/health/ready").GET().build());
                    if (r.statusCode() == 200) {
                        return;
                    }
                    last = "readiness " + r.statusCode() + ": " + r.body();
                } catch (IOException e) {
                    last = e.toString();
                }
                Thread.sleep(500);
            }
            throw new StartFailure(name, "not ready after " + timeout.toSeconds() + " s (" + last + ")", log, null);
        }

        void requestStop() {
            process.destroy();
        }

        void awaitStop(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
