package io.tandem.proxy.observer;

import io.tandem.topology.instance.InstanceKey;

/**
 * Whether a probe of one instance is running and since when, so that an instance never has two probes at once and
 * a silent one is noticed. Confined to the observer's control thread.
 */
final class ProbeTrack {

    private final InstanceKey key;
    private boolean inFlight;
    private long startedNanos;
    private boolean overdueReported;

    ProbeTrack(InstanceKey key) {
        this.key = key;
    }

    InstanceKey key() {
        return key;
    }

    boolean inFlight() {
        return inFlight;
    }

    void started(long nanos) {
        inFlight = true;
        startedNanos = nanos;
        overdueReported = false;
    }

    void finished() {
        inFlight = false;
    }

    /** True once per probe, the first time it has been running longer than {@code limitNanos}. */
    boolean overdue(long limitNanos) {
        if (overdueReported || System.nanoTime() - startedNanos <= limitNanos) {
            return false;
        }
        overdueReported = true;
        return true;
    }
}
