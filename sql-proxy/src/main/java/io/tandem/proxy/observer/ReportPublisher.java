package io.tandem.proxy.observer;

import io.tandem.proxy.routing.Observation;
import io.tandem.topology.observer.ObserverRegistration;
import io.tandem.topology.observer.ObserverReport;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the observer's {@link ObserverReport} to its ephemeral node: at once when what the leader counts
 * (reachability, error, read-only) changed, otherwise at most once per interval, so that a fleet of proxies probing
 * four times a second does not write to ZooKeeper four times a second each. Confined to the control thread.
 */
final class ReportPublisher {

    private final ObserverRegistration registration;
    private final Duration interval;
    private List<ObserverReport.Entry> lastEntries;
    private Instant lastPublished;

    ReportPublisher(ObserverRegistration registration, Duration interval) {
        this.registration = registration;
        this.interval = interval;
    }

    void publish(Collection<Observation> observations, Instant now) {
        List<ObserverReport.Entry> entries = observations.stream()
                .sorted(Comparator.comparing(Observation::key))
                .map(o -> new ObserverReport.Entry(o.key(), o.reachable(), o.lastOk(), o.error(), o.readOnly()))
                .toList();
        boolean due = lastPublished == null || !now.isBefore(lastPublished.plus(interval));
        if (!due && material(entries).equals(material(lastEntries))) {
            return;
        }
        registration.publish(new ObserverReport(registration.observerId(), registration.kind(), now, entries));
        lastEntries = entries;
        lastPublished = now;
    }

    /** The entries without their last-ok times, which change every round while all is well. */
    private static List<ObserverReport.Entry> material(List<ObserverReport.Entry> entries) {
        return entries.stream()
                .map(e -> new ObserverReport.Entry(e.key(), e.reachable(), null, e.error(), e.readOnly()))
                .toList();
    }
}
