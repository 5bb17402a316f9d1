package io.tandem.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The per-user cache of things that are slow to make and never change: unpacked server binaries and initialised
 * template data directories ({@code $XDG_CACHE_HOME/tandem}, else {@code ~/.cache/tandem}). Each entry is built
 * once, under a file lock so that parallel builds and tests do not race, into a temporary folder that is renamed
 * into place only when complete: a killed build never leaves a half-made entry behind.
 */
public final class CacheDirectory {

    /** Builds an entry into an empty, not yet existing folder. */
    @FunctionalInterface
    public interface Builder {
        void build(Path target) throws IOException;
    }

    /**
     * A file lock belongs to the whole JVM: a second thread's {@code lock()} throws OverlappingFileLockException
     * instead of waiting, so threads of one JVM queue here first.
     */
    private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path root;

    public CacheDirectory(Path root) {
        this.root = root;
    }

    public static CacheDirectory userDefault() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new CacheDirectory(base.resolve("tandem"));
    }

    public Path root() {
        return root;
    }

    /** The entry {@code name}, built by {@code builder} if it does not exist yet. */
    public Path ensure(String name, Builder builder) {
        Path entry = root.resolve(name);
        if (Files.isDirectory(entry)) {
            return entry;
        }
        try {
            Files.createDirectories(root);
            Path lock = root.resolve(name + ".lock");
            synchronized (LOCKS.computeIfAbsent(lock.toAbsolutePath().normalize(), path -> new Object())) {
                try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    if (Files.isDirectory(entry)) {
                        return entry;
                    }
                    Path partial = root.resolve(name + ".partial-" + ProcessHandle.current().pid());
                    Tree.delete(partial);
                    try {
                        builder.build(partial);
                    } catch (IOException | RuntimeException e) {
                        Tree.delete(partial);
                        throw e;
                    }
                    Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE);
                    return entry;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + entry + ": " + e.getMessage(), e);
        }
    }
}
