package io.tandem.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived program to completion (tar, an initialiser, ldd) with its output kept in a file, so a failure
 * can quote the program's own last words.
 */
final class ExternalCommand {

    private ExternalCommand() {
    }

    /** Runs {@code command}, feeding {@code stdin} when given. @throws SandboxException on failure or timeout */
    static void run(List<String> command, InputStream stdin, Path output, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        }
        Process process = builder.start();
        if (stdin != null) {
            try (var in = process.getOutputStream()) {
                stdin.transferTo(in);
            }
        }
        boolean done;
        try {
            done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while running " + command.get(0), e);
        }
        if (!done) {
            process.destroyForcibly();
            throw new SandboxException(command.get(0) + " did not finish within " + timeout.toSeconds() + " s; its output ("
                    + output + "):\n" + LogTail.of(output, 20));
        }
        if (process.exitValue() != 0) {
            throw new SandboxException(String.join(" ", command) + " failed with exit code " + process.exitValue()
                    + "; from its output (" + output + "):\n" + LogTail.errorsOrTail(output, 20));
        }
    }

    /** Runs {@code command} and returns what it printed. */
    static String capture(List<String> command, Duration timeout) throws IOException {
        Path output = Files.createTempFile("tandem-", ".out");
        try {
            run(command, null, output, timeout);
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
