package io.tandem.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class ExternalCommandTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    /** Processes a failing test could leave behind; every one is killed after each test. */
    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void keepsWhatTheCommandPrintedOnBothStreams() throws IOException {
        Path output = tmp.resolve("tar.out");

        ExternalCommand.run(List.of("sh", "-c", "echo to-stdout; echo to-stderr >&2"), null, output, GENEROUS);

        assertThat(output).hasContent("to-stdout\nto-stderr");
    }

    @Test
    void feedsStdinWhenGiven() throws IOException {
        Path output = tmp.resolve("cat.out");

        ExternalCommand.run(List.of("cat"), new ByteArrayInputStream("CREATE USER app;\n".getBytes(StandardCharsets.UTF_8)),
                output, GENEROUS);

        assertThat(output).hasContent("CREATE USER app;");
    }

    @Test
    void givesAnEmptyStdinWhenNoneIsGiven() throws IOException {
        Path output = tmp.resolve("cat.out");

        // with an open pipe instead of /dev/null, cat would wait for input until the timeout
        ExternalCommand.run(List.of("cat"), null, output, GENEROUS);

        assertThat(output).isEmptyFile();
    }

    @Test
    void reportsANonZeroExitWithCommandCodeAndTheOutputTail() throws IOException {
        Path output = tmp.resolve("init.out");
        String script = "for i in $(seq 1 30); do echo line-$i; done; echo 'fatal: no space left' >&2; exit 3";

        assertThatThrownBy(() -> ExternalCommand.run(List.of("sh", "-c", script), null, output, GENEROUS))
                .isInstanceOf(SandboxException.class)
                .hasMessageStartingWith("sh -c " + script + " failed with exit code 3; from its output (" + output
                        + "):\n")
                .hasMessageEndingWith("line-30\nfatal: no space left")
                .hasMessageContaining("line-12\n")
                .message().doesNotContain("line-11\n");
    }

    @Test
    void quotesTheErrorLinesOfAFailureFollowedByAdvice() {
        Path output = tmp.resolve("install-db.out");
        String script = "echo Installing MariaDB system tables; echo 'ERROR: 1 Cannot create directory';"
                + " for i in $(seq 1 30); do echo advice-$i; done; exit 1";

        assertThatThrownBy(() -> ExternalCommand.run(List.of("sh", "-c", script), null, output, GENEROUS))
                .isInstanceOf(SandboxException.class)
                .hasMessageEndingWith("; from its output (" + output + "):\nERROR: 1 Cannot create directory");
    }

    @Test
    void killsACommandThatOutlivesItsTimeout() throws IOException {
        Path output = tmp.resolve("slow.out");

        assertThatThrownBy(() -> ExternalCommand.run(List.of("sh", "-c", "echo $$; echo still working; exec sleep 60"),
                null, output, Duration.ofSeconds(1)))
                .isInstanceOf(SandboxException.class)
                .hasMessageStartingWith("sh did not finish within 1 s; its output (" + output + "):\n")
                .hasMessageEndingWith("still working");

        long pid = Long.parseLong(Files.readAllLines(output).get(0).trim());
        started.add(pid);
        await("the timed-out command to be killed", () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void failsToStartAMissingProgram() {
        assertThatThrownBy(() -> ExternalCommand.run(List.of("/nonexistent/tandem-test-program"), null,
                tmp.resolve("x.out"), GENEROUS))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/nonexistent/tandem-test-program");
    }

    @Test
    void captureReturnsTheOutputAndRemovesItsFile() throws IOException {
        // the command's stdout is capture's temporary file: the command names it
        String out = ExternalCommand.capture(List.of("sh", "-c", "readlink /proc/$$/fd/1; echo done"), GENEROUS);

        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(2).endsWith("done");
        assertThat(Path.of(lines.get(0))).satisfies(ExternalCommandTest::isCaptureFile).doesNotExist();
    }

    @Test
    void captureRemovesItsFileWhenTheCommandFails() throws IOException {
        Path marker = tmp.resolve("output-file-name");

        assertThatThrownBy(() -> ExternalCommand.capture(
                List.of("sh", "-c", "f=$(readlink /proc/$$/fd/1); echo \"$f\" > " + marker + "; exit 1"), GENEROUS))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("failed with exit code 1");

        assertThat(Path.of(Files.readString(marker).trim())).satisfies(ExternalCommandTest::isCaptureFile)
                .doesNotExist();
    }

    private static void isCaptureFile(Path file) {
        assertThat(file.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        assertThat(file.getFileName().toString()).startsWith("tandem-").endsWith(".out");
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after 10 s waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
