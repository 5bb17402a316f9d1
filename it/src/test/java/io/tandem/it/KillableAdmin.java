package io.tandem.it;

import io.tandem.failover.recovery.InstanceAdmin;
import io.tandem.failover.recovery.ReplicationAccount;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@link InstanceAdmin} of one orchestrator, counting its promotions. With {@code pauseInRelayLogWait}, the
 * recovery stops inside PROMOTING's relay-log wait (a process frozen there) until {@link #kill()}; after
 * {@code kill()} every statement fails, as it would for a process killed with -9.
 */
final class KillableAdmin implements InstanceAdmin {

    private final InstanceAdmin real;
    private final boolean pauseInRelayLogWait;
    private final AtomicInteger promotions;
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch killed = new CountDownLatch(1);

    KillableAdmin(InstanceAdmin real, boolean pauseInRelayLogWait, AtomicInteger promotions) {
        this.real = real;
        this.pauseInRelayLogWait = pauseInRelayLogWait;
        this.promotions = promotions;
    }

    boolean paused() {
        return paused.getCount() == 0;
    }

    void kill() {
        killed.countDown();
    }

    @Override
    public void fence(InstanceKey key, Flavor flavor) throws SQLException {
        alive();
        real.fence(key, flavor);
    }

    @Override
    public void drainAndFence(InstanceKey key, Flavor flavor, Duration drain) throws SQLException {
        alive();
        real.drainAndFence(key, flavor, drain);
    }

    @Override
    public void unfence(InstanceKey key, Flavor flavor) throws SQLException {
        alive();
        real.unfence(key, flavor);
    }

    @Override
    public boolean awaitExecuted(InstanceKey key, Flavor flavor, GtidSet gtids, Duration timeout)
            throws SQLException {
        alive();
        if (pauseInRelayLogWait) {
            paused.countDown();
            try {
                killed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("this orchestrator was stopped while paused");
            }
            alive();
        }
        return real.awaitExecuted(key, flavor, gtids, timeout);
    }

    @Override
    public void promote(InstanceKey key, Flavor flavor) throws SQLException {
        alive();
        promotions.incrementAndGet();
        real.promote(key, flavor);
    }

    @Override
    public void repoint(InstanceKey replica, InstanceKey source, Flavor flavor, ReplicationAccount account)
            throws SQLException {
        alive();
        real.repoint(replica, source, flavor, account);
    }

    @Override
    public GtidSet unloggedOn(InstanceKey source, Flavor flavor, GtidSet executed) throws SQLException {
        alive();
        return real.unloggedOn(source, flavor, executed);
    }

    @Override
    public Instance describe(InstanceKey key) throws SQLException {
        alive();
        return real.describe(key);
    }

    private void alive() throws SQLException {
        if (killed.getCount() == 0) {
            throw new SQLException("this orchestrator was killed");
        }
    }
}
