package io.tandem.it;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/** Polls a condition until it holds or a deadline passes: how the end-to-end tests wait, never by sleeping blind. */
final class Await {

    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

    /** Something read from outside the test: a count from a server, a socket's state. */
    @FunctionalInterface
    interface Probe<T> {
        T read() throws Exception;
    }

    private Await() {
    }

    /**
     * Reads {@code probe} until {@code done} accepts its value and returns that value.
     *
     * @throws AssertionError naming {@code what} and the last value read when {@code timeout} passes first
     */
    static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.read();
        while (!done.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; last seen: " + last);
            }
            LockSupport.parkNanos(POLL_NANOS);
            last = probe.read();
        }
        return last;
    }
}
