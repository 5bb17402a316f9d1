package io.tandem.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder a sandbox runs in, owned by one JVM at a time through {@code sandbox.pid}. A folder whose owner is
 * gone was left by a killed run: its servers, if still up, are killed (only processes whose command line names
 * a file in this folder) and the folder is wiped before the new run starts.
 */
final class SandboxDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxDirectory.class);
    private static final String OWNER = "sandbox.pid";

    private final Path root;

    private SandboxDirectory(Path root) {
        this.root = root;
    }

    /** Takes the folder for this JVM. @throws SandboxException when a live sandbox owns it */
    static SandboxDirectory claim(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            Optional<ProcessHandle> owner = owner(root);
            if (owner.isPresent() && owner.get().pid() != ProcessHandle.current().pid()) {
                throw new SandboxException("a sandbox is already running in " + root + " (pid " + owner.get().pid()
                        + "): stop it with Ctrl-C in its terminal or kill " + owner.get().pid()
                        + ", or start this one with another --dir and other ports");
            }
            if (Files.exists(root.resolve(OWNER))) {
                cleanUpStale(root);
            } else if (Files.isDirectory(root) && !isEmpty(root)) {
                // never wipe a folder a sandbox did not make: --dir ~ must not delete a home directory
                throw new SandboxException(root + " exists and is not a sandbox folder (it has files but no "
                        + OWNER + "): choose a new or empty folder with --dir");
            }
            Tree.delete(root);
            Files.createDirectories(root);
            Files.writeString(root.resolve(OWNER), Long.toString(ProcessHandle.current().pid()));
            return new SandboxDirectory(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the sandbox folder " + root + ": " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    Path server(int index) {
        return root.resolve("server-" + index);
    }

    Path zooKeeper() {
        return root.resolve("zookeeper");
    }

    /** Gives the folder up and deletes what the run left in it. */
    void release() {
        try {
            Tree.delete(root);
        } catch (IOException e) {
            LOG.warn("sandbox: could not delete {}: {}", root, e.getMessage());
        }
    }

    private static Optional<ProcessHandle> owner(Path root) throws IOException {
        Path file = root.resolve(OWNER);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return readPid(file).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("java")).orElse(true));
    }

    private static void cleanUpStale(Path root) throws IOException {
        List<Path> pidFiles;
        try (Stream<Path> servers = Files.list(root)) {
            pidFiles = servers.map(s -> s.resolve("server.pid")).filter(Files::exists).toList();
        }
        List<ProcessHandle> leftovers = new java.util.ArrayList<>();
        for (Path pidFile : pidFiles) {
            readPid(pidFile).flatMap(ProcessHandle::of)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(root + File.separator)).orElse(false))
                    .ifPresent(leftovers::add);
        }
        // signal all, then wait: exit of a process that is not our child is only seen by polling
        for (ProcessHandle server : leftovers) {
            LOG.warn("sandbox: stopping pid {} left running by a killed sandbox in {}", server.pid(), root);
            server.destroyForcibly();
        }
        leftovers.forEach(p -> p.onExit().join());
        LOG.info("sandbox: cleaned up a stale sandbox in {}", root);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static Optional<Long> readPid(Path file) throws IOException {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
