package io.prdtool.testinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system chores shared by the test infrastructure and the local stack launcher. */
public final class DirectoryTrees {

    private DirectoryTrees() {
    }

    /** Deletes {@code root} and everything below it (children first). */
    public static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
