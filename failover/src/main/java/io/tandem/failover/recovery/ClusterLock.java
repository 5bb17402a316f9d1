package io.tandem.failover.recovery;

import java.time.Duration;

/** The per-cluster lock a recovery holds while it acts, so that two recoveries never act at once. */
public interface ClusterLock {

    /** @return false when another process holds it for longer than {@code timeout} */
    boolean acquire(Duration timeout);

    /** Whether this process holds it now. */
    boolean held();

    void release();
}
