package io.tandem.topology.view;

import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;

/**
 * One server of a cluster view: its state, its own description and, for a replica, its replication status.
 *
 * @param replication {@code null} for the primary
 */
public record Member(MemberState state, Instance instance, ReplicaStatus replication) {

    public Member {
        if (state == null || instance == null) {
            throw new IllegalArgumentException("a member needs a state and an instance");
        }
    }

    public InstanceKey key() {
        return instance.key();
    }

    public Member withState(MemberState next) {
        return new Member(next, instance, replication);
    }
}
