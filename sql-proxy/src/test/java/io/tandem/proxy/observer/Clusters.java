package io.tandem.proxy.observer;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;

import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Cluster views and a deadline-bounded wait for observer tests. */
final class Clusters {

    static final InstanceKey DB1 = InstanceKey.parse("db1:3306");
    static final InstanceKey DB2 = InstanceKey.parse("db2:3306");
    static final InstanceKey DB3 = InstanceKey.parse("db3:3306");
    static final String U1 = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    private Clusters() {
    }

    static ClusterView view(InstanceKey primary, InstanceKey... replicas) {
        return new ClusterView("c1", 1, Flavor.MYSQL, member(primary),
                Arrays.stream(replicas).map(Clusters::member).toList(), false, Instant.EPOCH);
    }

    static AtomicReference<ClusterView> holding(ClusterView view) {
        return new AtomicReference<>(view);
    }

    static GtidSet upTo(int n) {
        return GtidSet.parse(U1 + ":1-" + n);
    }

    /** Waits for {@code condition} up to ten seconds, failing with {@code what} when it never holds. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 10 s", what).isLessThan(deadline);
            Thread.yield();
        }
    }

    private static Member member(InstanceKey key) {
        return new Member(MemberState.ONLINE, new Instance(key, Flavor.MYSQL, "8.0.31", key.port(), null, false, false,
                GtidSet.EMPTY, true, "ROW", true), null);
    }
}
