package io.prdtool.collab.crdt;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Yjs through Node, for differential tests. Installs the pinned npm packages on first use.
 * Without Node the tests are skipped locally but fail when {@code CI=true}: CI must not skip silently.
 */
final class NodeYjs {

    static final Path JS_DIR = locateJsDir();
    /** The Node executable; {@code -Dyjs.node=/path/to/node} to pick another one. */
    static final String NODE = property("yjs.node", "node");

    /** A system property, treating surefire's unexpanded {@code ${...}} placeholder as absent. */
    static String property(String name, String fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() || v.startsWith("${") ? fallback : v.trim();
    }

    private NodeYjs() {
    }

    private static Path locateJsDir() {
        for (Path p : List.of(Path.of("src/test/js"), Path.of("yjs-engine/src/test/js"),
                Path.of("collab-service/yjs-engine/src/test/js"))) {
            if (Files.isRegularFile(p.resolve("package.json"))) {
                return p.toAbsolutePath();
            }
        }
        return Path.of("src/test/js").toAbsolutePath();
    }

    /** Ensures node and the npm packages are present, or skips (locally) / fails (CI). */
    static void require() {
        String problem = availabilityProblem();
        if (problem != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("Node/Yjs required on CI: " + problem);
            }
            Assumptions.abort("skipping differential test: " + problem);
        }
    }

    private static volatile String cachedProblem;
    private static volatile boolean checked;

    private static synchronized String availabilityProblem() {
        if (checked) {
            return cachedProblem;
        }
        checked = true;
        try {
            if (run(List.of(NODE, "--version"), null, 30).exitCode != 0) {
                cachedProblem = "node not runnable";
                return cachedProblem;
            }
            if (!Files.isDirectory(JS_DIR.resolve("node_modules/yjs"))) {
                Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund"), null, 300);
                if (r.exitCode != 0 || !Files.isDirectory(JS_DIR.resolve("node_modules/yjs"))) {
                    cachedProblem = "npm ci failed in " + JS_DIR + ": " + r.stderr;
                }
            }
        } catch (IOException e) {
            cachedProblem = "node not found: " + e.getMessage();
        }
        return cachedProblem;
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    static Result run(List<String> command, String stdin, int timeoutSeconds) throws IOException {
        return run(command, stdin, timeoutSeconds, java.util.Map.of());
    }

    static Result run(List<String> command, String stdin, int timeoutSeconds, java.util.Map<String, String> env)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(JS_DIR.toFile());
        pb.environment().putAll(env);
        File out = File.createTempFile("node-out", ".txt");
        File err = File.createTempFile("node-err", ".txt");
        try {
            pb.redirectOutput(out).redirectError(err);
            if (stdin != null) {
                File in = File.createTempFile("node-in", ".txt");
                Files.writeString(in.toPath(), stdin);
                pb.redirectInput(in);
                in.deleteOnExit();
            }
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            out.delete();
            err.delete();
        }
    }

    /** Runs a script from the js folder and returns its stdout; fails the test on a non-zero exit. */
    static String script(String script, List<String> args, String stdin, java.util.Map<String, String> env)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(NODE);
        cmd.add(script);
        cmd.addAll(args);
        Result r = run(cmd, stdin, 600, env);
        if (r.exitCode != 0) {
            Assertions.fail(script + " failed: " + r.stderr);
        }
        return r.stdout;
    }
}
