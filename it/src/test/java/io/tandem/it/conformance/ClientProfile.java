package io.tandem.it.conformance;

import java.util.Locale;

/**
 * The capability flags a conformance client announces in its HandshakeResponse41. {@link #LEGACY} is what Node's
 * mysql2 and older drivers send by default (no CLIENT_SESSION_TRACK, no CLIENT_DEPRECATE_EOF); {@link #MODERN}
 * adds both, as Connector/J 8 and libmysqlclient 8 do. {@link #TLS} is {@link #MODERN} over TLS (an SSLRequest
 * after the greeting), {@link #COMPRESSED} is {@link #MODERN} with the compressed protocol (announced only where
 * the greeting offers it, as real clients do). CLIENT_MULTI_STATEMENTS is added per script.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html">
 *     Capability flags</a>
 */
public enum ClientProfile {

    LEGACY(Capability.LEGACY_SET),
    MODERN(Capability.MODERN_SET),
    TLS(Capability.MODERN_SET | Capability.SSL),
    COMPRESSED(Capability.MODERN_SET | Capability.COMPRESS);

    private final int flags;

    ClientProfile(int flags) {
        this.flags = flags;
    }

    /** The flags of this profile, with CLIENT_MULTI_STATEMENTS when {@code multiStatements}. */
    public int flags(boolean multiStatements) {
        return multiStatements ? flags | Capability.MULTI_STATEMENTS : flags;
    }

    /** Whether this profile asks for {@code capability} (e.g. CLIENT_SSL). */
    public boolean asks(int capability) {
        return (flags & capability) != 0;
    }

    /** The name scripts use for it: {@code legacy}, {@code modern}, {@code tls}, {@code compressed}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The profile a script names, e.g. {@code modern}. */
    public static ClientProfile of(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
