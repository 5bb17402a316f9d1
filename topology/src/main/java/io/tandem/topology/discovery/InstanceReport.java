package io.tandem.topology.discovery;

import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;

import java.util.List;
import java.util.Optional;

/**
 * Everything one visit to a server tells discovery: the server itself, its replication source if it has one, and
 * the replicas registered with it ({@code SHOW REPLICAS}, which lists only replicas that set {@code report_host}).
 */
public record InstanceReport(Instance instance, Optional<ReplicaStatus> replication, List<InstanceKey> replicas) {

    public InstanceReport {
        replicas = List.copyOf(replicas);
    }

    /** The identity that stays the same under every address of the server: its UUID, else its server id. */
    public String identity() {
        return instance.serverUuid() != null ? instance.serverUuid() : "server-id-" + instance.serverId();
    }
}
