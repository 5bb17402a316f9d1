package io.tandem.failover.recovery;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;

import java.sql.SQLException;
import java.time.Duration;

/**
 * The statements a recovery sends to servers, and nothing else: every decision stays in {@link RecoveryRun}.
 * {@link JdbcInstanceAdmin} is the real one; tests use fakes.
 */
public interface InstanceAdmin {

    /** Makes {@code key} refuse writes from every account ({@code super_read_only=ON}), within a short timeout. */
    void fence(InstanceKey key, Flavor flavor) throws SQLException;

    /**
     * Makes a live primary refuse writes for a planned switchover: waits up to {@code drain} for its open
     * transactions to end (the server's own lock wait, so nothing is left waiting on it after a refusal), then
     * {@code super_read_only=ON}. Throws when they did not end in time; the server is then unchanged.
     */
    void drainAndFence(InstanceKey key, Flavor flavor, Duration drain) throws SQLException;

    /** Makes a fenced server writable again (super_read_only and read_only OFF): a switchover undone. */
    void unfence(InstanceKey key, Flavor flavor) throws SQLException;

    /** Waits until {@code key} has executed {@code gtids}. @return false when {@code timeout} passed first */
    boolean awaitExecuted(InstanceKey key, Flavor flavor, GtidSet gtids, Duration timeout) throws SQLException;

    /** Stops replication, forgets the source, and makes {@code key} writable. */
    void promote(InstanceKey key, Flavor flavor) throws SQLException;

    /** Makes {@code replica} replicate from {@code source} with GTID auto-positioning. */
    void repoint(InstanceKey replica, InstanceKey source, Flavor flavor, ReplicationAccount account)
            throws SQLException;

    /**
     * The transactions of {@code executed} that {@code source}'s binary log never held although its position covers
     * their sequence numbers: on MariaDB a position names only each domain's last GTID, so a former primary's commits
     * the new primary never received hide under the new primary's own later numbers. Empty on MySQL, whose GTID
     * sets name every transaction.
     */
    GtidSet unloggedOn(InstanceKey source, Flavor flavor, GtidSet executed) throws SQLException;

    /** What {@code key} says about itself now. */
    Instance describe(InstanceKey key) throws SQLException;
}
