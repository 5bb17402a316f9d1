package io.tandem.failover.recovery;

import io.tandem.topology.store.CoordinationException;
import io.tandem.topology.store.TandemPaths;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The cluster lock at {@code /tandem/<cluster>/lock}: a Curator {@link InterProcessMutex}. Acquire and release on
 * the same thread (the recovery's).
 */
public final class CuratorClusterLock implements ClusterLock {

    private final InterProcessMutex mutex;
    private final String path;

    public CuratorClusterLock(CuratorFramework client, TandemPaths paths) {
        this.path = paths.root() + "/lock";
        this.mutex = new InterProcessMutex(client, path);
    }

    @Override
    public boolean acquire(Duration timeout) {
        try {
            return mutex.acquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new CoordinationException("cannot take the cluster lock " + path + ": " + e, e);
        }
    }

    @Override
    public boolean held() {
        return mutex.isAcquiredInThisProcess();
    }

    @Override
    public void release() {
        try {
            mutex.release();
        } catch (Exception e) {
            // the lock node goes with our session anyway; a failed release must not hide the recovery's outcome
            throw new CoordinationException("cannot release the cluster lock " + path + ": " + e, e);
        }
    }
}
