package io.prdtool.collab.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.collab.sync.Documents;
import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.Fixtures.Prd;
import io.prdtool.collab.testing.Npm;
import io.prdtool.collab.testing.PrdServiceResource;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Real Yjs editor clients (yjs 13.6.33 + y-websocket 3.1.0 from npm, pinned in src/test/js/interop) against this
 * service: concurrent edits, formatting, awareness, offline edits + reconnect, a late joiner, an unauthenticated client.
 * Installs the npm packages itself when missing. Without Node it is skipped locally and fails when {@code CI=true}.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(PrdServiceResource.class)
class CollabInteropTest {

    private static final Path INTEROP = Path.of("src/test/js/interop");

    @TestHTTPResource("/")
    URI base;

    @Inject
    Documents documents;

    @Inject
    ObjectMapper mapper;

    @Test
    void stockYjsClientsCollaborateThroughTheServiceAndTheResultIsDurable() throws Exception {
        String node = requireTool("node");
        installPackages();
        Prd prd = Fixtures.newPrd();

        ProcessBuilder pb = new ProcessBuilder(node, "interop.mjs").directory(INTEROP.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("COLLAB_URL", "ws://localhost:" + base.getPort() + "/collab");
        env.put("PRD_ID", prd.id().toString());
        env.put("TOKEN_A", prd.member("member"));
        env.put("TOKEN_B", prd.member("admin"));
        env.put("TOKEN_C", prd.member("owner"));
        Process process = pb.start();
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("interop clients did not finish within 150 s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        JsonNode result = mapper.readTree(last);
        assertThat(result.path("ok").asBoolean()).as(last).isTrue();
        assertThat(process.exitValue()).isZero();
        List<String> checks = mapper.convertValue(result.path("checks"),
                mapper.getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(checks).contains("concurrent edits converge", "formatting converges",
                "awareness flows both ways", "offline edits merge after reconnect",
                "late joiner synced with everything", "a left the others' awareness",
                "unauthenticated client refused with 4401", "unauthenticated edit never reaches editors");

        // what the clients agreed on is what the service holds, and what it reloads from the log
        String text = result.path("text").asText();
        assertThat(text).contains("offline-b", "online-a", "Title");
        assertThat(documents.read(prd.id(), doc -> doc.getText("content").toString())
                .await().atMost(Duration.ofSeconds(10))).isEqualTo(text);
        documents.unload(prd.id()).await().atMost(Duration.ofSeconds(10));
        assertThat(documents.read(prd.id(), doc -> doc.getText("content").toString())
                .await().atMost(Duration.ofSeconds(10))).isEqualTo(text);
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_operations WHERE prd_id = ? AND operation_type ="
                + " 'format' AND attributes ->> 'bold' IS NOT NULL", prd.id())).isPositive();
    }

    @Test
    void stockClientsRideOutBurstsSlowReadingAndBrandNewPrds() throws Exception {
        String node = requireTool("node");
        installPackages();
        Prd burst = Fixtures.newPrd();
        Prd slow = Fixtures.newPrd();
        // two PRDs prd-service has already created but collab-service's access projection has not seen yet
        String creator = "u-creator-" + UUID.randomUUID();
        Prd late = PrdServiceResource.createdBy(creator);
        Prd later = PrdServiceResource.createdBy(creator);

        ProcessBuilder pb = new ProcessBuilder(node, "resilience.mjs").directory(INTEROP.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("COLLAB_URL", "ws://localhost:" + base.getPort() + "/collab");
        env.put("HTTP_URL", "http://localhost:" + base.getPort());
        env.put("PRD_BURST", burst.id().toString());
        env.put("TOKEN_BURST_A", burst.member("member"));
        env.put("TOKEN_BURST_B", burst.member("admin"));
        env.put("PRD_SLOW", slow.id().toString());
        env.put("TOKEN_SLOW_TALKER", slow.member("member"));
        env.put("TOKEN_SLOW_READER", slow.member("member"));
        env.put("PRD_LATE", late.id().toString());
        env.put("PRD_LATER", later.id().toString());
        env.put("TOKEN_LATE", Tokens.forTests().token(creator, creator + "@example.com", "Creator"));
        env.put("LATE_CONTENT", "# Brand new\n"); // what prd-service holds for them: their documents start from it
        env.put("TOKEN_OUTSIDER", Tokens.forTests().token("u-out-" + UUID.randomUUID(), "o@example.com", "Out"));
        Process process = pb.start();
        ScheduledExecutorService access = Executors.newSingleThreadScheduledExecutor();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.append(line).append('\n');
                    if (line.equals("signal:later-1013")) {
                        // the second PRD's access arrives only after the server gave up waiting for it
                        Fixtures.update("INSERT INTO prd_access (prd_id, organization_id) VALUES (?, ?)",
                                later.id(), later.organizationId());
                        later.member("owner", creator);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "resilience-output");
        reader.start();
        try {
            // the first PRD's access arrives within the server's wait (3 s in %test)
            access.schedule(() -> {
                Fixtures.update("INSERT INTO prd_access (prd_id, organization_id) VALUES (?, ?)", late.id(),
                        late.organizationId());
                late.member("owner", creator);
            }, 1, TimeUnit.SECONDS);
            if (!process.waitFor(150, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("resilience clients did not finish within 150 s");
            }
            reader.join(10_000);
        } finally {
            access.shutdownNow();
        }
        String text = out.toString().trim();
        String last = text.substring(text.lastIndexOf('\n') + 1);
        JsonNode result = mapper.readTree(last);
        assertThat(result.path("ok").asBoolean()).as(last).isTrue();
        assertThat(process.exitValue()).isZero();
        List<String> checks = mapper.convertValue(result.path("checks"),
                mapper.getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(checks).contains("300-edit burst reaches the other client",
                "300-edit burst converges with the server", "bursting client never closed",
                "slow reader resumes and converges", "slow reader never closed",
                "outsider refused with 4404 and stops reconnecting",
                "new PRD opens for its member while its access arrives",
                "PRD still unknown after the wait: 1013, the stock client reconnects and syncs",
                "edits on the new PRDs reach the server", "outsider only ever got 4404");
        assertThat(documents.read(burst.id(), doc -> doc.getText("content").toString())
                .await().atMost(Duration.ofSeconds(10))).isEqualTo(result.path("burstText").asText());
    }

    @Test
    void aPrdImportedIntoPrdServiceOpensWithItsTextOnceInStockClients() throws Exception {
        String node = requireTool("node");
        installPackages();
        String subject = "u-importer-" + UUID.randomUUID();
        String body = "# Imported\n\n## Problem\n\nÜnïcödé text, an emoji-free line\n";
        PrdServiceResource.Imported imported = PrdServiceResource.imported(subject,
                "---\ntitle: Imported\nmetadata:\n  priority: P1\n---\n\n" + body);
        assertThat(imported.content()).isEqualTo(body);
        Prd prd = imported.prd();
        Fixtures.update("INSERT INTO prd_access (prd_id, organization_id) VALUES (?, ?)", prd.id(),
                prd.organizationId());

        ProcessBuilder pb = new ProcessBuilder(node, "seed.mjs").directory(INTEROP.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("COLLAB_URL", "ws://localhost:" + base.getPort() + "/collab");
        env.put("PRD_ID", prd.id().toString());
        // the same user in two tabs: whichever open loads the document asks prd-service with a member's token
        env.put("TOKEN_A", prd.member("owner", subject));
        env.put("TOKEN_B", prd.member("owner", subject));
        env.put("EXPECTED", imported.content());
        Process process = pb.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("seed clients did not finish within 60 s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        JsonNode result = mapper.readTree(out.substring(out.lastIndexOf('\n') + 1));
        assertThat(result.path("ok").asBoolean()).as(out).isTrue();
        assertThat(process.exitValue()).isZero();

        // one seed in the log, written by the service (no user), and the document reloads with the same text
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ? AND user_subject IS NULL",
                prd.id())).isEqualTo(1);
        String expected = imported.content() + "edited";
        assertThat(documents.read(prd.id(), doc -> doc.getText("content").toString())
                .await().atMost(Duration.ofSeconds(10))).isEqualTo(expected);
        documents.unload(prd.id()).await().atMost(Duration.ofSeconds(10));
        assertThat(documents.read(prd.id(), doc -> doc.getText("content").toString())
                .await().atMost(Duration.ofSeconds(10))).isEqualTo(expected);
    }

    static String requireTool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(name + " is required for the Yjs interop test in CI but is not on the PATH");
        }
        Assumptions.abort(name + " not found: the Yjs interop test needs Node.js");
        return null;
    }

    static void installPackages() throws IOException, InterruptedException {
        Npm.ci(requireTool("npm"), INTEROP, "y-websocket", "interop");
    }
}
