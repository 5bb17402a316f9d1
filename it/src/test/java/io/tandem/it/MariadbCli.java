package io.tandem.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code mariadb} command-line client (Debian's mariadb-client) run as a child process against a port, a script
 * on its standard input; stopped by force if it outlives its deadline, so no test leaves one behind.
 */
final class MariadbCli {

    static final Path BINARY = Path.of("/usr/bin/mariadb");

    private MariadbCli() {
    }

    /** What one run printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** @throws AssertionError naming the package to install when the client is missing */
    static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install the MariaDB command-line client with"
                    + " 'apt-get install mariadb-client'");
        }
    }

    /** Runs {@code script} through the client as {@code user} against 127.0.0.1:{@code port}. */
    static Result run(int port, String user, String password, Path script, Duration timeout, String... options)
            throws IOException, InterruptedException {
        requireInstalled();
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--no-defaults", "--protocol=TCP",
                "--host=127.0.0.1", "--port=" + port, "--user=" + user, "--password=" + password, "--skip-ssl",
                "--batch", "--skip-column-names"));
        command.addAll(List.of(options));
        Path stdout = Files.createTempFile("mariadb-cli-", ".out");
        Path stderr = Files.createTempFile("mariadb-cli-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectInput(script.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("mariadb did not finish " + script + " within " + timeout.toSeconds()
                        + " s; stderr: " + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
