package io.tandem.proxy.frontend;

import java.time.Duration;

/**
 * The servers' global {@code wait_timeout} and {@code interactive_timeout}: how long a client connection may idle
 * between commands before the proxy closes it as the server would, unless its session set its own wait_timeout.
 * Both default to the servers' defaults, eight hours; configure them as the servers are configured.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_wait_timeout">
 *     wait_timeout</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_interactive_timeout">
 *     interactive_timeout</a>
 */
public record ClientTimeouts(Duration waitTimeout, Duration interactiveTimeout) {

    public static final ClientTimeouts DEFAULTS = new ClientTimeouts(Duration.ofHours(8), Duration.ofHours(8));

    public ClientTimeouts {
        if (waitTimeout.isNegative() || interactiveTimeout.isNegative()) {
            throw new IllegalArgumentException("client timeouts cannot be negative: " + waitTimeout + ", " + interactiveTimeout);
        }
    }

    /** The timeout a connection starts with: the server copies interactive_timeout for CLIENT_INTERACTIVE. */
    long seconds(boolean interactiveClient) {
        return (interactiveClient ? interactiveTimeout : waitTimeout).toSeconds();
    }
}
