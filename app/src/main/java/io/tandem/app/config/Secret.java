package io.tandem.app.config;

import java.util.Objects;

/**
 * A password resolved from the configuration. Its {@link #toString()} never shows the value, so logging a
 * configuration, or an exception that carries one, cannot leak it.
 *
 * <p>A class rather than a record: a record would publish the value through a plain accessor and a generated
 * {@code toString}; here the only way in is {@link #reveal()}, which makes every use of the plaintext deliberate
 * and easy to find.
 */
public final class Secret {

    private static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The password itself, for handing to a driver; never log it. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
