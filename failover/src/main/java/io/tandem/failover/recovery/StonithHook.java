package io.tandem.failover.recovery;

import io.tandem.topology.instance.InstanceKey;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The optional "shoot the other node in the head" command: run with the old primary as JSON on stdin
 * ({@code {"cluster":…,"oldPrimary":"host:port","epoch":N}}); a non-zero exit or a timeout fails it.
 */
final class StonithHook {

    private final List<String> command;
    private final Duration timeout;

    StonithHook(List<String> command, Duration timeout) {
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    boolean configured() {
        return !command.isEmpty();
    }

    /** @return null when the hook succeeded, else why it failed */
    String run(String cluster, InstanceKey oldPrimary, long epoch) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(("{\"cluster\":\"" + cluster + "\",\"oldPrimary\":\"" + oldPrimary + "\",\"epoch\":" + epoch
                        + "}\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a hook that does not read its stdin is allowed: only its exit status counts
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return "STONITH hook " + command + " did not finish within " + timeout.toMillis() + " ms";
            }
            return process.exitValue() == 0 ? null
                    : "STONITH hook " + command + " exited with " + process.exitValue();
        } catch (IOException e) {
            return "STONITH hook " + command + " could not start: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while running the STONITH hook " + command;
        }
    }
}
