package io.tandem.failover.recovery;

import io.tandem.topology.json.TandemJson;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One external command a recovery runs at a defined moment (STONITH, pre/post failover and switchover): its
 * context as one JSON object on stdin, its exit status the verdict; a non-zero exit, a timeout (the process is
 * then killed) or a command that cannot start fails it. Its output is discarded: the hook logs where it wants.
 */
final class Hook {

    private final String name;
    private final List<String> command;
    private final Duration timeout;

    Hook(String name, List<String> command, Duration timeout) {
        this.name = name;
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    boolean configured() {
        return !command.isEmpty();
    }

    /** Runs it with {@code context} on stdin; null when it succeeded (or none is configured), else why it failed. */
    String run(Map<String, ?> context) {
        if (!configured()) {
            return null;
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(TandemJson.encode(context));
                in.write('\n');
            } catch (IOException e) {
                // a hook that does not read its stdin is allowed: only its exit status counts
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return name + " hook " + command + " did not finish within " + timeout.toMillis() + " ms";
            }
            return process.exitValue() == 0 ? null : name + " hook " + command + " exited with " + process.exitValue();
        } catch (IOException e) {
            return name + " hook " + command + " could not start: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while running the " + name + " hook " + command;
        }
    }
}
