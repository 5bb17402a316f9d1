package io.tandem.failover.recovery;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records every statement a recovery would send; dead servers refuse, everything else succeeds unless told. */
final class FakeAdmin implements InstanceAdmin {

    final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, Runnable> before = new ConcurrentHashMap<>();
    final java.util.Set<InstanceKey> dead = new java.util.HashSet<>();
    final Map<InstanceKey, String> executed = new ConcurrentHashMap<>();
    /** What a source's binlog state says it never logged, by source (MariaDB); nothing unless told. */
    final Map<InstanceKey, String> unlogged = new ConcurrentHashMap<>();
    boolean relayLogApplied = true;
    /** Verbs whose statement fails, as the server's lock wait timing out would. */
    final java.util.Set<String> timingOut = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void fence(InstanceKey key, Flavor flavor) throws SQLException {
        call("fence " + key, key);
    }

    @Override
    public void drainAndFence(InstanceKey key, Flavor flavor, Duration drain) throws SQLException {
        call("drain-fence " + key, key);
    }

    @Override
    public void unfence(InstanceKey key, Flavor flavor) throws SQLException {
        call("unfence " + key, key);
    }

    @Override
    public boolean awaitExecuted(InstanceKey key, Flavor flavor, GtidSet gtids, Duration timeout) throws SQLException {
        call("await " + key + " " + gtids, key);
        return relayLogApplied;
    }

    @Override
    public void promote(InstanceKey key, Flavor flavor) throws SQLException {
        call("promote " + key, key);
    }

    @Override
    public void repoint(InstanceKey replica, InstanceKey source, Flavor flavor, ReplicationAccount account)
            throws SQLException {
        call("repoint " + replica + " to " + source, replica);
    }

    @Override
    public GtidSet unloggedOn(InstanceKey source, Flavor flavor, GtidSet executed) throws SQLException {
        call("unlogged " + source + " " + executed, source);
        return GtidSet.parse(unlogged.get(source));
    }

    @Override
    public Instance describe(InstanceKey key) throws SQLException {
        call("describe " + key, key);
        return RecoveryFixture.instance(key, executed.getOrDefault(key, RecoveryFixture.P + ":1-10"), false);
    }

    private void call(String what, InstanceKey key) throws SQLException {
        String verb = what.substring(0, what.indexOf(' '));
        Runnable hook = before.get(verb);
        if (hook != null) {
            hook.run();
        }
        calls.add(what);
        if (timingOut.contains(verb)) {
            throw new java.sql.SQLTimeoutException("Lock wait timeout exceeded; try restarting transaction");
        }
        if (dead.contains(key)) {
            throw new SQLNonTransientConnectionException("Communications link failure to " + key);
        }
    }
}
