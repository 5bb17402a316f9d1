package io.tandem.proxy.metrics;

import io.tandem.proxy.routing.Reason;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.session.PinReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proxy's counters in Micrometer: {@code tandem.proxy.connections} (open now), {@code tandem.proxy.commands
 * {command}} (with latency), {@code tandem.proxy.pinned{reason}}, {@code tandem.proxy.errors{code}},
 * {@code tandem.proxy.auth.failures}, {@code tandem.proxy.backend.failures}, {@code tandem.proxy.backend.connections}
 * (open now), {@code tandem.proxy.pool.wait} (time sessions queued for a connection), {@code
 * tandem.proxy.pool.timeouts}, {@code tandem.proxy.queries{route,reason}} (where statements went and why), {@code
 * tandem.proxy.writes.held} (statements that waited for a failover), {@code tandem.proxy.reads.retried}.
 */
public final class MicrometerProxyMetrics implements ProxyMetrics {

    private final MeterRegistry registry;
    private final AtomicLong open = new AtomicLong();
    private final Map<CommandType, Timer> commands = new EnumMap<>(CommandType.class);
    private final Map<PinReason, Counter> pins = new EnumMap<>(PinReason.class);
    private final Counter authFailures;
    private final Counter backendFailures;
    private final AtomicLong backendConnections = new AtomicLong();
    private final Timer poolWaits;
    private final Counter poolTimeouts;
    /** By destination (0 primary, 1 replica) and reason; made on first use, so only seen pairs are exported. */
    private final Counter[][] queries = new Counter[2][Reason.values().length];
    private final Counter writesHeld;
    private final Counter readsRetried;

    public MicrometerProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("tandem.proxy.connections", open);
        for (CommandType type : CommandType.values()) {
            commands.put(type, Timer.builder("tandem.proxy.commands").tag("command", type.name().toLowerCase())
                    .publishPercentileHistogram().register(registry));
        }
        for (PinReason reason : PinReason.values()) {
            pins.put(reason, registry.counter("tandem.proxy.pinned", "reason", reason.name().toLowerCase()));
        }
        authFailures = registry.counter("tandem.proxy.auth.failures");
        backendFailures = registry.counter("tandem.proxy.backend.failures");
        registry.gauge("tandem.proxy.backend.connections", backendConnections);
        poolWaits = Timer.builder("tandem.proxy.pool.wait").publishPercentileHistogram().register(registry);
        poolTimeouts = registry.counter("tandem.proxy.pool.timeouts");
        writesHeld = registry.counter("tandem.proxy.writes.held");
        readsRetried = registry.counter("tandem.proxy.reads.retried");
    }

    @Override
    public void routed(boolean replica, Reason reason) {
        Counter[] byReason = queries[replica ? 1 : 0];
        Counter counter = byReason[reason.ordinal()];
        if (counter == null) {
            // racing event loops may both get here: the registry hands both the same counter
            counter = registry.counter("tandem.proxy.queries", "route", replica ? "replica" : "primary",
                    "reason", reason.label());
            byReason[reason.ordinal()] = counter;
        }
        counter.increment();
    }

    @Override
    public void writeHeld() {
        writesHeld.increment();
    }

    @Override
    public void readRetried() {
        readsRetried.increment();
    }

    @Override
    public void backendConnections(int delta) {
        backendConnections.addAndGet(delta);
    }

    @Override
    public void poolWait(long nanos) {
        poolWaits.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void poolTimeout() {
        poolTimeouts.increment();
    }

    @Override
    public void slowWait(String phase) {
        // rare by design: the registry's own lookup is cheap enough
        registry.counter("tandem.proxy.waits.slow", "phase", phase).increment();
    }

    @Override
    public void abandonedWait(String phase) {
        registry.counter("tandem.proxy.waits.abandoned", "phase", phase).increment();
    }

    @Override
    public void connectionOpened() {
        open.incrementAndGet();
    }

    @Override
    public void connectionClosed() {
        open.decrementAndGet();
    }

    @Override
    public void authenticationFailed() {
        authFailures.increment();
    }

    @Override
    public void command(CommandType type, long nanos) {
        commands.get(type).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void pinned(PinReason reason) {
        pins.get(reason).increment();
    }

    @Override
    public void error(int code) {
        registry.counter("tandem.proxy.errors", "code", Integer.toString(code)).increment();
    }

    @Override
    public void backendFailure() {
        backendFailures.increment();
    }
}
