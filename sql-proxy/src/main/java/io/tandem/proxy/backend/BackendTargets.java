package io.tandem.proxy.backend;

import io.tandem.topology.instance.InstanceKey;

import java.util.Optional;

/** Where statements go. Until read/write splitting, every statement goes to the current primary. */
@FunctionalInterface
public interface BackendTargets {

    /** The server writes go to now, or empty while none is known. */
    Optional<InstanceKey> primary();
}
