package io.tandem.proxy.routing;


import java.time.Clock;

/**
 * Everything one proxy's sessions consult to place a statement: the targets of the newest view, the classifier, the
 * replica balancer, the write gate, and the settings. Shared by every event loop.
 */
public record Router(BackendTargets targets, RoutingSettings settings, StatementClassifier classifier,
                     ReplicaBalancer replicas, WriteGate writes) {

    public static Router of(BackendTargets targets, RoutingSettings settings, InstanceHealth health) {
        return new Router(targets, settings, new StatementClassifier(),
                new ReplicaBalancer(targets, health, settings, Clock.systemUTC()), new WriteGate(targets, health));
    }
}
