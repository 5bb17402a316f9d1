package io.tandem.proxy.frontend;

import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.session.PinReason;

/**
 * What the proxy counts. No-op by default; {@code io.tandem.proxy.metrics.MicrometerProxyMetrics} publishes to
 * Micrometer. Called on event loops: implementations must not block.
 */
public interface ProxyMetrics {

    ProxyMetrics NONE = new ProxyMetrics() {
    };

    default void connectionOpened() {
    }

    default void connectionClosed() {
    }

    default void authenticationFailed() {
    }

    default void command(CommandType type, long nanos) {
    }

    default void pinned(PinReason reason) {
    }

    default void error(int code) {
    }

    default void backendFailure() {
    }

    /** A backend connection was opened (+1) or closed (-1). */
    default void backendConnections(int delta) {
    }

    /** A session waited this long for a pooled connection. */
    default void poolWait(long nanos) {
    }

    /** A session gave up waiting for a pooled connection. */
    default void poolTimeout() {
    }
}
