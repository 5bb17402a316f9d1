package io.tandem.topology.discovery;

import io.tandem.topology.instance.InstanceKey;

/**
 * Something discovery found wrong with the topology. Reported, never guessed around: a cluster with no single
 * writable root gets no primary until a person or a recovery decides.
 *
 * @param instance the server concerned, or {@code null} for a problem of the whole cluster
 */
public record TopologyProblem(Code code, InstanceKey instance, String detail) {

    public enum Code {
        /** A seed or a server named by a neighbour could not be reached. */
        UNREACHABLE,
        /** No reachable writable server without a replication source. */
        NO_PRIMARY,
        /** More than one writable server without a replication source: a split brain or a mis-seeded cluster. */
        SEVERAL_PRIMARIES,
        /** A replica accepts writes ({@code read_only=OFF}): a write there would diverge it. */
        WRITABLE_REPLICA,
        /** A replica's IO or SQL thread is not running. */
        REPLICATION_STOPPED,
        /** MySQL and MariaDB servers in one topology. */
        MIXED_FLAVORS
    }

    @Override
    public String toString() {
        return code + (instance == null ? "" : " " + instance) + ": " + detail;
    }
}
