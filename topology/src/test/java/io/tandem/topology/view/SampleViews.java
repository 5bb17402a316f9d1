package io.tandem.topology.view;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.instance.ReplicaStatus.IoThread;

import java.time.Instant;
import java.util.List;

/**
 * Complete cluster views for tests that store, encode or compare them: every field set, replicas in several states,
 * GTID sets in the flavor's own format.
 */
public final class SampleViews {

    public static final Instant OBSERVED_AT = Instant.parse("2026-03-14T09:26:53.589793Z");

    private static final String PRIMARY_UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String OLD_PRIMARY_UUID = "2174b383-5441-11e8-b90a-c80aa9429562";

    private SampleViews() {
    }

    /** A MySQL cluster: primary db1, an ONLINE replica db2, and db3 STOPPED on a duplicate-key error. */
    public static ClusterView mysql(String cluster, long epoch) {
        GtidSet executed = GtidSet.parse(Flavor.MYSQL, OLD_PRIMARY_UUID + ":1-57," + PRIMARY_UUID + ":1-1200:1202");
        Member primary = new Member(MemberState.ONLINE, new Instance(InstanceKey.parse("db1:3306"), Flavor.MYSQL,
                "8.0.31", 1, PRIMARY_UUID, false, false, executed, true, "ROW", true), null);
        Member online = mysqlReplica("db2:3306", 2, MemberState.ONLINE, new ReplicaStatus(primary.key(),
                IoThread.RUNNING, true, "", "", executed, executed, 0L, true));
        Member stopped = mysqlReplica("db3:3306", 3, MemberState.STOPPED, new ReplicaStatus(primary.key(),
                IoThread.RUNNING, false, "", "Could not execute Write_rows event on table app.orders; Duplicate entry"
                + " '7' for key 'orders.PRIMARY', Error_code: 1062", executed,
                GtidSet.parse(Flavor.MYSQL, OLD_PRIMARY_UUID + ":1-57," + PRIMARY_UUID + ":1-1100"), null, true));
        return new ClusterView(cluster, epoch, Flavor.MYSQL, primary, List.of(online, stopped), false, OBSERVED_AT);
    }

    /** A MariaDB cluster (no server UUIDs, {@code domain-server-seq} GTIDs) in the middle of a failover. */
    public static ClusterView mariaDb(String cluster, long epoch) {
        GtidSet executed = GtidSet.parse(Flavor.MARIADB, "0-11-3400,1-12-17");
        Member primary = new Member(MemberState.ONLINE, new Instance(InstanceKey.parse("[fd00::11]:3306"),
                Flavor.MARIADB, "10.11.6-MariaDB-log", 11, null, false, false, executed, true, "MIXED", true), null);
        Member maintenance = new Member(MemberState.MAINTENANCE, new Instance(InstanceKey.parse("[fd00::12]:3306"),
                Flavor.MARIADB, "10.11.6-MariaDB-log", 12, null, true, false, GtidSet.parse("0-11-3390,1-12-17"),
                true, "MIXED", false), new ReplicaStatus(primary.key(), IoThread.CONNECTING, true,
                "error reconnecting to master 'repl@[fd00::11]:3306' - retry-time: 60  maximum-retries: 86400", "",
                GtidSet.parse("0-11-3395,1-12-17"), GtidSet.parse("0-11-3390,1-12-17"), null, true));
        return new ClusterView(cluster, epoch, Flavor.MARIADB, primary, List.of(maintenance), true, OBSERVED_AT);
    }

    private static Member mysqlReplica(String address, long serverId, MemberState state, ReplicaStatus replication) {
        return new Member(state, new Instance(InstanceKey.parse(address), Flavor.MYSQL, "8.0.31", serverId,
                "00000000-0000-0000-0000-00000000000" + serverId, true, true, replication.executed(), true, "ROW",
                true), replication);
    }
}
