package io.tandem.failover.analysis;

import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;

/**
 * What the leader's own probe of one member found in this round: whether it answered, and if so what it says about
 * itself and its replication.
 *
 * @param error why the probe failed; {@code null} when reachable
 * @param instance the server's own description; {@code null} when unreachable
 * @param replication {@code SHOW REPLICA STATUS}; {@code null} when unreachable or when the server replicates from
 *     nowhere (a primary, a fenced former primary)
 */
public record MemberProbe(InstanceKey key, boolean reachable, String error, Instance instance,
                          ReplicaStatus replication) {

    public MemberProbe {
        if (key == null) {
            throw new IllegalArgumentException("a member probe needs an instance key");
        }
        if (reachable && instance == null) {
            throw new IllegalArgumentException("a reachable probe of " + key + " needs the instance it read");
        }
        if (!reachable && (instance != null || replication != null)) {
            throw new IllegalArgumentException("an unreachable probe of " + key + " cannot carry what it read");
        }
    }

    public static MemberProbe reached(Instance instance, ReplicaStatus replication) {
        return new MemberProbe(instance.key(), true, null, instance, replication);
    }

    public static MemberProbe unreachable(InstanceKey key, String error) {
        return new MemberProbe(key, false, error, null, null);
    }
}
