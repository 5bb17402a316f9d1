package io.tandem.proxy.routing;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.view.Member;

import java.util.List;
import java.util.Optional;

/**
 * The servers statements may go to, as the newest cluster view names them. A fixed primary (no ZooKeeper) is the
 * one-method case: no replicas, never a failover.
 */
@FunctionalInterface
public interface BackendTargets {

    /** The server writes go to now, or empty while none is known. */
    Optional<InstanceKey> primary();

    /** The replicas of the view, whatever their state; routing decides which may serve reads. */
    default List<Member> replicas() {
        return List.of();
    }

    /** The epoch of the view these targets come from; 0 without a view. */
    default long epoch() {
        return 0;
    }

    /** The view says a failover or switchover is running: writes must wait for its end. */
    default boolean failoverInProgress() {
        return false;
    }

    /** Runs {@code listener} (on the caller's thread) after every change of the view. */
    default void onChange(Runnable listener) {
    }
}
