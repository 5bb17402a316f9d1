package io.tandem.topology.observer;

import io.tandem.topology.instance.InstanceKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One process's view of each instance of a cluster, stored as JSON in its ephemeral node
 * {@code /tandem/<cluster>/observers/<id>}. The leader counts these to decide whether a quorum of live observers
 * agrees that a primary is dead; the node vanishes with its process's session, so only live observers count.
 *
 * @param observedAt when the observer last completed a probe round
 */
public record ObserverReport(String observerId, ObserverKind kind, Instant observedAt, List<Entry> instances) {

    public ObserverReport {
        if (observerId == null || observerId.isBlank() || kind == null || observedAt == null) {
            throw new IllegalArgumentException("an observer report needs an observer id, a kind and a time");
        }
        instances = List.copyOf(instances);
    }

    /** What this observer saw of {@code key}, if it probes it. */
    public Optional<Entry> entry(InstanceKey key) {
        return instances.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /**
     * What one observer saw of one instance.
     *
     * @param lastOk the last successful probe; {@code null} when none succeeded yet
     * @param error why the last probe failed; {@code null} while reachable
     * @param readOnly {@code read_only OR super_read_only} as last read; {@code null} when never read
     */
    public record Entry(InstanceKey key, boolean reachable, Instant lastOk, String error, Boolean readOnly) {

        public Entry {
            if (key == null) {
                throw new IllegalArgumentException("an observer report entry needs an instance key");
            }
        }
    }
}
