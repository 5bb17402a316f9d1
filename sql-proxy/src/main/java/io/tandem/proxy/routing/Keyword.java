package io.tandem.proxy.routing;

/**
 * The words routing looks at: statement verbs, the clause words around them, functions and system variables whose
 * value belongs to one server or one session. {@link #OTHER} stands for every other word, so a {@code switch} over
 * a token's keyword never sees {@code null}. Lookup folds ASCII case and allocates nothing.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/keywords.html">Keywords and reserved words</a>
 */
public enum Keyword {
    /** Any word not listed here. */
    OTHER,
    ALTER, ANALYZE, AND, AS, AUTOCOMMIT,
    BEGIN, BINLOG,
    CACHE, CALL, CHAIN, CHANGE, CHECK, CHECKSUM, CLONE, COMMIT, CONNECTION, COUNT, CREATE, CROSS, CURRENT,
    DATA, DEALLOCATE, DEFAULT, DELAYED, DELETE, DESC, DESCRIBE, DIAGNOSTICS, DO, DROP, DUAL, DUMPFILE,
    ERRORS, ERROR_COUNT, EXCEPT, EXECUTE, EXISTS, EXPLAIN, EXTENDED,
    FALSE, FLUSH, FOR, FORCE, FORMAT, FOUND_ROWS, FROM,
    GET, GET_LOCK, GLOBAL, GRANT, GROUP,
    HANDLER, HAVING, HELP, HIGH_PRIORITY,
    IDENTITY, IF, IGNORE, IMPORT, IN, INDEX, INNER, INSERT, INSTALL, INSTANCE, INTERSECT, INTO, IS_FREE_LOCK,
    IS_USED_LOCK,
    JOIN, JSON_TABLE,
    KEY, KILL,
    LAST_INSERT_ID, LATERAL, LEFT, LIKE, LIMIT, LOAD, LOCAL, LOCK, LOW_PRIORITY,
    NATURAL, NEXTVAL, NO, NOT,
    OFF, ON, ONLY, OPTIMIZE, ORDER, OUTER, OUTFILE,
    PARTITION, PARTITIONS, PASSWORD, PERSIST, PERSIST_ONLY, PREPARE, PROFILE, PROFILES, PURGE,
    QUICK,
    READ, RELEASE, RELEASE_ALL_LOCKS, RELEASE_LOCK, RENAME, REPAIR, REPLACE, RESET, RESTART, REVOKE, RIGHT, ROLE,
    ROLLBACK, ROW_COUNT,
    SAVEPOINT, SELECT, SERVICE_GET_READ_LOCKS, SERVICE_GET_WRITE_LOCKS, SERVICE_RELEASE_LOCKS, SESSION, SET, SETVAL,
    SHARE, SHOW, SHUTDOWN, SQL_CALC_FOUND_ROWS, STACKED, START, STOP, STRAIGHT_JOIN,
    TABLE, TABLES, TEMPORARY, TO, TRANSACTION, TRUE, TRUNCATE,
    UNINSTALL, UNION, UNLOCK, UPDATE, USE, USER, USING,
    VALUE, VALUES,
    WARNINGS, WARNING_COUNT, WHERE, WINDOW, WITH, WORK, WRITE,
    XA, XML;

    private static final Keyword[] SLOTS = new Keyword[512];
    private static final int MASK = SLOTS.length - 1;

    static {
        for (Keyword keyword : values()) {
            if (keyword != OTHER) {
                int slot = spread(keyword.name().hashCode()) & MASK;
                while (SLOTS[slot] != null) {
                    slot = (slot + 1) & MASK;
                }
                SLOTS[slot] = keyword;
            }
        }
    }

    /** The keyword spelled by {@code text} in any ASCII case, or {@link #OTHER}. */
    public static Keyword of(CharSequence text) {
        int hash = 0;
        for (int i = 0; i < text.length(); i++) {
            hash = hash(hash, text.charAt(i));
        }
        return lookup(text, 0, text.length(), hash);
    }

    /** One step of the case-folded hash that {@link #lookup} expects; equals {@code String.hashCode} of upper case. */
    static int hash(int hash, char c) {
        return 31 * hash + upper(c);
    }

    /** The keyword spelled by {@code text[from, to)}, whose case-folded {@link #hash} is {@code hash}. */
    static Keyword lookup(CharSequence text, int from, int to, int hash) {
        for (int slot = spread(hash) & MASK; SLOTS[slot] != null; slot = (slot + 1) & MASK) {
            Keyword candidate = SLOTS[slot];
            if (candidate.spells(text, from, to)) {
                return candidate;
            }
        }
        return OTHER;
    }

    private boolean spells(CharSequence text, int from, int to) {
        String name = name();
        if (name.length() != to - from) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (upper(text.charAt(from + i)) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }
}
