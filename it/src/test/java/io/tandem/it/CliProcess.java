package io.tandem.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar tandem.jar …} run as a user would, as a child process: its output is collected line by line
 * and can be awaited with a deadline.
 */
final class CliProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private CliProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::collect, "cli-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a long-running command. It gets SIGINT as a terminal gives it (default disposition) even when the test
     * run was started in the background, where the shell makes SIGINT ignored and a JVM keeps an ignored SIGINT
     * ignored, so Ctrl-C would never reach it: perl (perl-base, essential in Debian) restores it and execs java in
     * the same process.
     */
    static CliProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("perl", "-e",
                "$SIG{INT} = 'DEFAULT'; $SIG{QUIT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return new CliProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("tandem.jar", "../app/target/tandem.jar"));
        if (!jar.toFile().isFile()) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it with ./mvnw package");
        }
        return jar;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until a line containing {@code text} was printed. @throws AssertionError with the output so far */
    void awaitLine(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long exitedAt = 0;
        synchronized (lines) {
            while (lines.stream().noneMatch(l -> l.contains(text))) {
                long now = System.nanoTime();
                if (!process.isAlive() && exitedAt == 0) {
                    exitedAt = now;
                }
                // after an exit, a second for the reader to drain what was printed
                boolean drained = exitedAt != 0 && now - exitedAt > TimeUnit.SECONDS.toNanos(1);
                if (now >= deadline || drained) {
                    throw new AssertionError("no line containing '" + text + "' within " + timeout.toSeconds()
                            + " s (alive: " + process.isAlive() + "); output:\n" + String.join("\n", lines));
                }
                lines.wait(100);
            }
        }
    }

    /** Runs a short command (status, --help) to completion; stdout and stderr kept apart. */
    static Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        Path stderr = java.nio.file.Files.createTempFile("tandem-cli-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tandem " + String.join(" ", args) + " did not finish in " + timeout);
            }
            return new Result(process.exitValue(), stdout, java.nio.file.Files.readString(stderr));
        } finally {
            java.nio.file.Files.deleteIfExists(stderr);
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** Sends a signal by name (INT as Ctrl-C does, TERM, KILL) and waits for the process to end. */
    int signalAndWait(String signal, Duration timeout) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("tandem did not exit within " + timeout.toSeconds() + " s of SIG" + signal
                    + "; output:\n" + output());
        }
        return process.exitValue();
    }

    private void collect() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (lines) {
                lines.add("(output closed: " + e.getMessage() + ")");
                lines.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
