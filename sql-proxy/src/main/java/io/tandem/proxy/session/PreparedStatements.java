package io.tandem.proxy.session;

import io.tandem.proxy.routing.Reason;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session's prepared statements under the ids the proxy gave the client. Ids are unique across the whole proxy,
 * so a backend connection shared by many sessions can map each to its own server statement id.
 */
public final class PreparedStatements {

    private static final AtomicLong NEXT_ID = new AtomicLong();
    /** Ids of statements some session still has, proxy-wide: a connection closes the others it holds. */
    private static final java.util.Set<Long> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** What re-preparing on another connection needs; {@code types} are the last parameter types bound. */
    public static final class Statement {
        private final long id;
        private final String sql;
        private final int parameters;
        private final Reason reason;
        private byte[] types;

        Statement(long id, String sql, int parameters, Reason reason) {
            this.id = id;
            this.sql = sql;
            this.parameters = parameters;
            this.reason = reason;
        }

        /** Where its executions may run, from its text, classified once at prepare. */
        public Reason reason() {
            return reason;
        }

        public long id() {
            return id;
        }

        public String sql() {
            return sql;
        }

        public int parameters() {
            return parameters;
        }

        public byte[] types() {
            return types;
        }

        public void types(byte[] bound) {
            this.types = bound;
        }
    }

    private final Map<Long, Statement> statements = new HashMap<>();

    public Statement register(String sql, int parameters) {
        return register(sql, parameters, Reason.UNSURE);
    }

    public Statement register(String sql, int parameters, Reason reason) {
        long id = NEXT_ID.updateAndGet(v -> v >= 0xFFFF_FFFEL ? 1 : v + 1);
        Statement statement = new Statement(id, sql, parameters, reason);
        statements.put(id, statement);
        LIVE.add(id);
        return statement;
    }

    public Statement get(long id) {
        return statements.get(id);
    }

    public Statement remove(long id) {
        LIVE.remove(id);
        return statements.remove(id);
    }

    /** Whether any session still has statement {@code id}. */
    public static boolean live(long id) {
        return LIVE.contains(id);
    }

    public Iterable<Statement> all() {
        return statements.values();
    }

    public void clear() {
        statements.keySet().forEach(LIVE::remove);
        statements.clear();
    }

    public int size() {
        return statements.size();
    }
}
