package io.tandem.proxy.metrics;

import io.tandem.proxy.routing.Reason;

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

    /** A statement was sent to a primary or a replica, for {@code reason}. */
    default void routed(boolean replica, Reason reason) {
    }

    /** A statement waited for writes to be allowed again (failover in progress, primary read-only). */
    default void writeHeld() {
    }

    /** A read whose backend died before answering was sent once more elsewhere. */
    default void readRetried() {
    }

    /** A session gave up waiting for a pooled connection. */
    default void poolTimeout() {
    }

    /** A wait inside the proxy (no statement of the client running) passed one second, in {@code phase}. */
    default void slowWait(String phase) {
    }

    /** A wait inside the proxy passed its limit and was ended: its backend connection closed, or the command refused. */
    default void abandonedWait(String phase) {
    }
}
