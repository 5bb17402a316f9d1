package io.tandem.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class CacheDirectoryTest {

    private static final long TIMEOUT_SECONDS = 10;

    @TempDir
    Path tmp;

    private final AtomicInteger builds = new AtomicInteger();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void buildsAnEntryOnceAndKeepsIt() throws IOException {
        CacheDirectory cache = new CacheDirectory(tmp.resolve("cache/tandem"));

        Path first = cache.ensure("mysql-8.0.31", this::buildBinaries);
        Path second = cache.ensure("mysql-8.0.31", this::buildBinaries);

        assertThat(first).isEqualTo(tmp.resolve("cache/tandem/mysql-8.0.31")).isEqualTo(second);
        assertThat(builds).hasValue(1);
        assertThat(first.resolve("bin/mysqld")).hasContent("build 1");
        assertThat(entries(cache)).containsExactlyInAnyOrder("mysql-8.0.31", "mysql-8.0.31.lock");
    }

    @Test
    void buildsEachNameSeparately() {
        CacheDirectory cache = new CacheDirectory(tmp);

        Path binaries = cache.ensure("mysql-8.0.31", this::buildBinaries);
        Path template = cache.ensure("mysql-8.0.31-datadir", this::buildBinaries);

        assertThat(binaries).isNotEqualTo(template);
        assertThat(builds).hasValue(2);
    }

    @Test
    void aFailedBuildLeavesNoEntryAndTheNextCallBuildsAgain() throws IOException {
        CacheDirectory cache = new CacheDirectory(tmp);

        assertThatThrownBy(() -> cache.ensure("mysql-8.0.31", target -> {
            buildBinaries(target);
            throw new IOException("tar: unexpected end of file");
        }))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot build " + tmp.resolve("mysql-8.0.31") + ": tar: unexpected end of file");
        assertThat(entries(cache)).containsExactly("mysql-8.0.31.lock");

        Path entry = cache.ensure("mysql-8.0.31", this::buildBinaries);

        assertThat(builds).hasValue(2);
        assertThat(entry.resolve("bin/mysqld")).hasContent("build 2");
        assertThat(entries(cache)).containsExactlyInAnyOrder("mysql-8.0.31", "mysql-8.0.31.lock");
    }

    @Test
    void aBuilderThatThrowsAnUncheckedExceptionAlsoLeavesNoEntry() throws IOException {
        CacheDirectory cache = new CacheDirectory(tmp);

        assertThatThrownBy(() -> cache.ensure("mariadb-10.11.6-datadir", target -> {
            buildBinaries(target);
            throw new SandboxException("mariadb-install-db failed");
        })).isInstanceOf(SandboxException.class);

        assertThat(entries(cache)).containsExactly("mariadb-10.11.6-datadir.lock");
        assertThat(cache.ensure("mariadb-10.11.6-datadir", this::buildBinaries)).isDirectory();
        assertThat(builds).hasValue(2);
    }

    @Test
    void twoThreadsEnsuringTheSameEntryBuildItOnce() throws Exception {
        CacheDirectory cache = new CacheDirectory(tmp);
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CacheDirectory.Builder slowBuild = target -> {
            building.countDown();
            try {
                if (!finish.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("the test never let the build finish");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            buildBinaries(target);
        };

        CompletableFuture<Path> first = CompletableFuture.supplyAsync(() -> cache.ensure("mysql-8.0.31", slowBuild),
                threads);
        assertThat(building.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Thread> secondThread = new AtomicReference<>();
        CompletableFuture<Path> second = CompletableFuture.supplyAsync(() -> {
            secondThread.set(Thread.currentThread());
            return cache.ensure("mysql-8.0.31", slowBuild);
        }, threads);
        // the second caller must wait for the first build, not fail and not start its own
        await("the second caller to wait or finish", () -> second.isDone() || waiting(secondThread.get()));
        finish.countDown();

        assertThat(second.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(tmp.resolve("mysql-8.0.31"));
        assertThat(first.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(tmp.resolve("mysql-8.0.31"));
        assertThat(builds).hasValue(1);
    }

    private void buildBinaries(Path target) throws IOException {
        Files.createDirectories(target.resolve("bin"));
        Files.writeString(target.resolve("bin/mysqld"), "build " + builds.incrementAndGet());
    }

    private static List<String> entries(CacheDirectory cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.root())) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    private static boolean waiting(Thread thread) {
        if (thread == null) {
            return false;
        }
        Thread.State state = thread.getState();
        return state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + TIMEOUT_SECONDS + " s waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
