package io.prdtool.collab.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Installs the pinned npm packages (package-lock.json) of a JavaScript peer directory used by the tests. */
public final class Npm {

    private Npm() {
    }

    /**
     * Runs {@code npm ci} in {@code dir} unless {@code dir/node_modules/<installed>} exists; fails the test when npm
     * does. Output goes to {@code target/npm-ci-<name>.log}, never to the test JVM's stdin/stdout: npm makes an
     * inherited stdin non-blocking, which breaks the surefire fork's command channel ("std/in stream corrupted").
     */
    public static void ci(String npm, Path dir, String installed, String name, String... options)
            throws IOException, InterruptedException {
        if (Files.isDirectory(dir.resolve("node_modules").resolve(installed))) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(npm, "ci", "--no-audit", "--no-fund"));
        command.addAll(List.of(options));
        Path log = Path.of("target", "npm-ci-" + name + ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            fail("npm ci failed in " + dir + " (log: " + log + ")");
        }
    }
}
