package io.tandem.proxy.backend;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.proxy.metrics.ProxyMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * The backend connections of one event loop, by {@link BackendKey}. Every method runs on that loop, so there are
 * no locks: a session takes an idle connection, opens a new one below the limit, or queues (bounded, with a
 * deadline) for one to come back. A housekeeper closes idle and aged connections.
 */
public final class BackendPool {

    private static final Logger LOG = LoggerFactory.getLogger(BackendPool.class);

    private final EventLoop loop;
    private final BackendOpener connector;
    private final PoolSettings settings;
    private final int maxPerKey;
    private final Map<BackendKey, KeyPool> pools = new HashMap<>();
    private final ProxyMetrics metrics;
    /** Whether some session still has a proxy statement id: the others' server copies are closed. */
    private final LongPredicate liveStatements;
    private boolean statementSweepQueued;

    public BackendPool(EventLoop loop, BackendOpener connector, PoolSettings settings, int loops,
                       ProxyMetrics metrics, LongPredicate liveStatements) {
        this.metrics = metrics;
        this.liveStatements = liveStatements;
        this.loop = loop;
        this.connector = connector;
        this.settings = settings;
        this.maxPerKey = settings.perLoop(loops);
        long period = Math.max(1000, settings.idleTimeout().toMillis() / 4);
        loop.scheduleAtFixedRate(this::houseKeep, period, period, TimeUnit.MILLISECONDS);
    }

    public PoolSettings settings() {
        return settings;
    }

    public EventLoop loop() {
        return loop;
    }

    /** A ready connection for {@code key}; fails with {@link BackendException} naming the pool or the server. */
    public Future<BackendConnection> acquire(BackendKey key, BackendCredentials credentials) {
        KeyPool pool = pools.computeIfAbsent(key, k -> new KeyPool());
        Promise<BackendConnection> promise = loop.newPromise();
        BackendConnection idle;
        while ((idle = pool.idle.pollFirst()) != null) {
            if (usable(idle)) {
                idle.touch();
                return promise.setSuccess(idle);
            }
            closed(pool, idle);
        }
        if (pool.total < maxPerKey) {
            open(key, credentials, pool, promise);
        } else if (pool.waiters.size() < settings.maxWaiters()) {
            Waiter waiter = new Waiter(promise, credentials, System.nanoTime());
            waiter.timeout = loop.schedule(() -> timeOut(key, pool, waiter), settings.acquireTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            pool.waiters.addLast(waiter);
        } else {
            promise.setFailure(BackendException.poolExhausted("pool " + key + " is full: " + pool.total
                    + " connections busy and " + pool.waiters.size() + " sessions already waiting"));
        }
        return promise;
    }

    /** Gives a connection back after a statement; a broken or aged one is closed and its place refilled. */
    public void release(BackendConnection connection) {
        KeyPool pool = pools.get(connection.key());
        if (pool == null) {
            connection.close();
            return;
        }
        if (!usable(connection) || connection.detached()) {
            discard(connection);
            return;
        }
        connection.touch();
        Waiter waiter = pool.waiters.pollFirst();
        if (waiter != null) {
            waiter.timeout.cancel(false);
            metrics.poolWait(System.nanoTime() - waiter.since);
            waiter.promise.trySuccess(connection);
            return;
        }
        // statements closed while it was busy for another session: nobody would close them while it sits idle
        connection.closeStaleStatements(liveStatements);
        pool.idle.addFirst(connection);
    }

    /**
     * Sessions of this loop closed prepared statements (COM_STMT_CLOSE, COM_RESET_CONNECTION, COM_CHANGE_USER, a
     * disconnect): their server copies on idle connections are closed now, not when each connection is next used,
     * which for a connection at the back of the pool may be never. Busy connections close theirs when released or
     * next acquired. One sweep per burst: it runs after the current task on this loop.
     */
    public void closeStaleStatements() {
        if (statementSweepQueued) {
            return;
        }
        statementSweepQueued = true;
        loop.execute(() -> {
            statementSweepQueued = false;
            for (KeyPool pool : pools.values()) {
                for (BackendConnection idle : pool.idle) {
                    idle.closeStaleStatements(liveStatements);
                }
            }
        });
    }

    /** Closes a connection that must not be reused (lost, pinned state, mid-command failure). */
    public void discard(BackendConnection connection) {
        KeyPool pool = pools.get(connection.key());
        if (pool == null) {
            connection.close();
            return;
        }
        if (!connection.retire()) {
            // discarded before: counting it out again would let the pool open more than its limit
            return;
        }
        if (connection.detached()) {
            // the pool stopped counting it at detach(): only the connection itself is gone now
            metrics.backendConnections(-1);
            connection.close();
            return;
        }
        closed(pool, connection);
        makeRoom(pool, connection.key());
    }

    /**
     * Takes a connection out of the pool's count for good: a pinned session keeps it to itself, and the sessions
     * that share the pool must not wait for it. It is closed by {@link #discard}, never shared again.
     */
    public void detach(BackendConnection connection) {
        KeyPool pool = pools.get(connection.key());
        if (pool != null && connection.detach()) {
            pool.total--;
            makeRoom(pool, connection.key());
        }
    }

    /** A place in the pool came free: the first waiter gets a new connection. */
    private void makeRoom(KeyPool pool, BackendKey key) {
        Waiter waiter = pool.waiters.pollFirst();
        if (waiter != null) {
            waiter.timeout.cancel(false);
            open(key, waiter.credentials, pool, waiter.promise);
        }
    }

    /** Connections open to {@code key} from this loop, busy or idle. */
    public int total(BackendKey key) {
        KeyPool pool = pools.get(key);
        return pool == null ? 0 : pool.total;
    }

    public int idle(BackendKey key) {
        KeyPool pool = pools.get(key);
        return pool == null ? 0 : pool.idle.size();
    }

    private void open(BackendKey key, BackendCredentials credentials, KeyPool pool,
                      Promise<BackendConnection> promise) {
        pool.total++;
        connector.open(loop, key, credentials).addListener(f -> {
            if (f.isSuccess()) {
                BackendConnection connection = (BackendConnection) f.getNow();
                metrics.backendConnections(1);
                if (!promise.trySuccess(connection)) {
                    release(connection);
                }
            } else {
                pool.total--;
                promise.tryFailure(f.cause());
            }
        });
    }

    private void timeOut(BackendKey key, KeyPool pool, Waiter waiter) {
        if (pool.waiters.remove(waiter)) {
            metrics.poolTimeout();
            waiter.promise.tryFailure(BackendException.poolExhausted("timed out after "
                    + settings.acquireTimeout().toMillis()
                    + " ms waiting for a connection from pool " + key + " (" + pool.total + " of " + maxPerKey
                    + " busy on this event loop, " + pool.waiters.size() + " more waiting)"));
        }
    }

    private void closed(KeyPool pool, BackendConnection connection) {
        connection.retire();
        pool.total--;
        metrics.backendConnections(-1);
        connection.close();
    }

    private boolean usable(BackendConnection connection) {
        return connection.isOpen()
                && System.nanoTime() - connection.createdNanos() < settings.maxLifetime().toNanos();
    }

    private void houseKeep() {
        long now = System.nanoTime();
        for (KeyPool pool : pools.values()) {
            Iterator<BackendConnection> it = pool.idle.descendingIterator();
            while (it.hasNext()) {
                BackendConnection c = it.next();
                if (!usable(c) || now - c.lastUsedNanos() > settings.idleTimeout().toNanos()) {
                    it.remove();
                    closed(pool, c);
                    LOG.debug("pool: closed idle {}", c);
                }
            }
        }
    }

    private static final class KeyPool {
        final ArrayDeque<BackendConnection> idle = new ArrayDeque<>();
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
        int total;
    }

    private static final class Waiter {
        final Promise<BackendConnection> promise;
        final BackendCredentials credentials;
        final long since;
        ScheduledFuture<?> timeout;

        Waiter(Promise<BackendConnection> promise, BackendCredentials credentials, long since) {
            this.promise = promise;
            this.credentials = credentials;
            this.since = since;
        }
    }
}
