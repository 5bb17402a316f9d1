package io.tandem.proxy.routing;

import io.tandem.topology.instance.InstanceKey;

import java.util.Optional;

/** This proxy's own latest observation of an instance, read lock-free on the event loops. */
@FunctionalInterface
public interface InstanceHealth {

    /** Nothing observed: routing follows the cluster view alone. */
    InstanceHealth UNKNOWN = key -> Optional.empty();

    Optional<Observation> of(InstanceKey key);
}
