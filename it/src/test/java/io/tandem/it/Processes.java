package io.tandem.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Finds the database servers a sandbox folder owns, by their command lines: what "nothing left behind" checks. */
final class Processes {

    private Processes() {
    }

    /** Live mysqld/mariadbd processes whose command line names {@code folder}. */
    static List<ProcessHandle> serversIn(Path folder) {
        String path = folder.toAbsolutePath().normalize().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("mysqld") || c.endsWith("mariadbd")).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains(path)).orElse(false))
                .toList();
    }

    /** Waits until no server of {@code folder} is alive. @throws AssertionError naming the survivors */
    static void awaitNoServersIn(Path folder, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProcessHandle> alive = serversIn(folder);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            alive.get(0).onExit().completeOnTimeout(null, 200, java.util.concurrent.TimeUnit.MILLISECONDS).join();
            alive = serversIn(folder);
        }
        if (!alive.isEmpty()) {
            throw new AssertionError("servers still running in " + folder + ": "
                    + alive.stream().map(ProcessHandle::pid).toList());
        }
    }
}
