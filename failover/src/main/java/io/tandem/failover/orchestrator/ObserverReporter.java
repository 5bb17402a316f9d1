package io.tandem.failover.orchestrator;

import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.failover.analysis.MemberProbe;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.observer.ObserverKind;
import io.tandem.topology.observer.ObserverRegistration;
import io.tandem.topology.observer.ObserverReport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Publishes this orchestrator's probes as its {@code observers/<id>} report, so another leader can count it. */
final class ObserverReporter {

    private final ObserverRegistration registration;
    private final Map<InstanceKey, Instant> lastOk = new HashMap<>();

    ObserverReporter(ObserverRegistration registration) {
        this.registration = registration;
    }

    void publish(ClusterSnapshot snapshot) {
        List<ObserverReport.Entry> entries = new ArrayList<>();
        for (MemberProbe probe : snapshot.probes()) {
            if (probe.reachable()) {
                lastOk.put(probe.key(), snapshot.takenAt());
            }
            entries.add(new ObserverReport.Entry(probe.key(), probe.reachable(), lastOk.get(probe.key()),
                    probe.error(), probe.reachable() ? !probe.instance().writable() : null));
        }
        registration.publish(new ObserverReport(registration.observerId(), ObserverKind.ORCHESTRATOR,
                snapshot.takenAt(), entries));
    }

    void close() {
        registration.close();
    }
}
