package io.tandem.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's sysbench 1.0.20 as a child process against one MySQL endpoint: a bundled Lua workload run as
 * {@code prepare}, {@code run} or {@code cleanup}, and the figures of its report.
 *
 * @param target the options naming the endpoint, account, schema and tables, passed to every command
 */
record Sysbench(Path binary, List<String> target) {

    private static final Pattern TRANSACTIONS = Pattern.compile("transactions:\\s+(\\d+)\\s+\\(([\\d.]+) per sec");
    private static final Pattern QUERIES = Pattern.compile("queries:\\s+(\\d+)\\s+\\(([\\d.]+) per sec");
    private static final Pattern IGNORED_ERRORS = Pattern.compile("ignored errors:\\s+(\\d+)");
    private static final Pattern RECONNECTS = Pattern.compile("reconnects:\\s+(\\d+)");

    /** sysbench on the PATH. @throws AssertionError naming the package to install: a missing tool fails, never skips */
    static Path locate() {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "sysbench"))
                .filter(Files::isExecutable)
                .findFirst();
        return found.orElseThrow(() -> new AssertionError("sysbench is not installed: run scripts/os-packages, or"
                + " apt-get install sysbench (Debian's 1.0.20)"));
    }

    /** Runs {@code workload command} with {@code options} after the target's; fails the test if it does not end in time. */
    Result run(String workload, String command, Duration timeout, String... options)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(binary.toString(), workload));
        line.addAll(target);
        line.addAll(List.of(options));
        line.add(command);
        Path output = Files.createTempFile("sysbench-", ".out");
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", line) + " did not finish within " + timeout.toSeconds()
                        + " s; output:\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(String.join(" ", line), process.exitValue(),
                    Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** One finished sysbench command: its exit code and output, with the figures of the SQL statistics. */
    record Result(String command, int exitCode, String output) {

        long transactions() {
            return Long.parseLong(figure(TRANSACTIONS, 1));
        }

        double transactionsPerSecond() {
            return Double.parseDouble(figure(TRANSACTIONS, 2));
        }

        long queries() {
            return Long.parseLong(figure(QUERIES, 1));
        }

        double queriesPerSecond() {
            return Double.parseDouble(figure(QUERIES, 2));
        }

        /** The "ignored errors:" line: with --mysql-ignore-errors=none any error aborts the run instead. */
        long errors() {
            return Long.parseLong(figure(IGNORED_ERRORS, 1));
        }

        long reconnects() {
            return Long.parseLong(figure(RECONNECTS, 1));
        }

        String summary() {
            return String.format("%d transactions (%.1f/s), %d queries (%.1f/s), %d errors, %d reconnects",
                    transactions(), transactionsPerSecond(), queries(), queriesPerSecond(), errors(), reconnects());
        }

        private String figure(Pattern pattern, int group) {
            Matcher matcher = pattern.matcher(output);
            if (!matcher.find()) {
                throw new AssertionError("no '" + pattern + "' in the report of " + command + ":\n" + output);
            }
            return matcher.group(group);
        }
    }
}
