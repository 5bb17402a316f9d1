package io.tandem.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Checks that a binary's shared libraries are installed before running it, so a missing one is reported with the
 * Debian package to install instead of as a server that dies at start.
 */
final class SharedLibraries {

    private static final Map<String, String> PACKAGES = Map.of(
            "libaio.so.1", "libaio1",
            "libnuma.so.1", "libnuma1",
            "libncurses.so.6", "libncurses6",
            "libtinfo.so.6", "libtinfo6");

    private SharedLibraries() {
    }

    static void check(Path binary) {
        String ldd;
        try {
            ldd = ExternalCommand.capture(List.of("ldd", binary.toString()), Duration.ofSeconds(30));
        } catch (IOException | SandboxException e) {
            // ldd itself missing or failing tells nothing about the libraries: the server's own error will
            return;
        }
        List<String> missing = ldd.lines().filter(l -> l.contains("not found"))
                .map(l -> l.trim().split("\\s+")[0]).toList();
        if (missing.isEmpty()) {
            return;
        }
        String packages = String.join(" ", missing.stream()
                .map(lib -> PACKAGES.getOrDefault(lib, "<the package that provides " + lib + ">")).toList());
        throw new SandboxException(binary.getFileName() + " needs " + missing + ", which is not installed: run"
                + " apt-get install " + packages);
    }
}
