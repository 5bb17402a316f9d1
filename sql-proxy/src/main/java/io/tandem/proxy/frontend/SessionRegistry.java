package io.tandem.proxy.frontend;

import io.netty.channel.EventLoop;
import io.tandem.proxy.metrics.ProxyMetrics;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Live sessions by the connection id the proxy gave them in its greeting: what KILL refers to. */
public final class SessionRegistry {

    private final Map<Long, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Map<EventLoop, WaitWatch> watches = new ConcurrentHashMap<>();

    void add(ClientSession session) {
        sessions.put(session.connectionId(), session);
    }

    void remove(ClientSession session) {
        sessions.remove(session.connectionId(), session);
    }

    /** The watch over the proxy's own waits of {@code loop}'s sessions, started with the loop's first session. */
    WaitWatch watch(EventLoop loop, ProxyMetrics metrics) {
        return watches.computeIfAbsent(loop, l -> WaitWatch.start(l, metrics, WaitWatch.SLOW));
    }

    public Optional<ClientSession> find(long connectionId) {
        return Optional.ofNullable(sessions.get(connectionId));
    }

    public int size() {
        return sessions.size();
    }

    /** Sessions in the middle of a command or holding a backend connection (a transaction, a pin). */
    public long busy() {
        return sessions.values().stream().filter(s -> s.busyBackend() != null).count();
    }
}
