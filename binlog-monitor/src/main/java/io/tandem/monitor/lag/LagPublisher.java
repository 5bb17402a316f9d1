package io.tandem.monitor.lag;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.store.CoordinationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands each lag sample to ZooKeeper ({@code /tandem/<cluster>/lag/<instance>}, where proxies and the console read
 * it) and to the gauges {@code tandem.lag.ms{instance}} and {@code tandem.lag.transactions{instance}}.
 */
final class LagPublisher {

    private static final Logger log = LoggerFactory.getLogger(LagPublisher.class);

    private final LagStore store;
    private final MeterRegistry registry;
    private final Map<InstanceKey, AtomicReference<LagSample>> latest = new ConcurrentHashMap<>();
    private volatile boolean storeFailing;

    LagPublisher(LagStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    void publish(LagSample sample) {
        latest.computeIfAbsent(sample.instance(), this::gauges).set(sample);
        try {
            store.publish(sample);
            if (storeFailing) {
                log.info("lag: ZooKeeper takes lag samples again");
                storeFailing = false;
            }
        } catch (CoordinationException e) {
            // ZooKeeper away: the gauges keep going, the next sample retries; say it once per streak
            if (!storeFailing) {
                log.warn("lag: publishing to ZooKeeper failed: {}", e.getMessage());
                storeFailing = true;
            }
        }
    }

    Optional<LagSample> latest(InstanceKey instance) {
        return Optional.ofNullable(latest.get(instance)).map(AtomicReference::get);
    }

    private AtomicReference<LagSample> gauges(InstanceKey instance) {
        AtomicReference<LagSample> holder = new AtomicReference<>();
        Gauge.builder("tandem.lag.ms", holder, h -> h.get() == null ? Double.NaN : h.get().lagMillis())
                .tag("instance", instance.toString())
                .description("replica lag from binlog commit times, in milliseconds")
                .baseUnit("milliseconds")
                .register(registry);
        Gauge.builder("tandem.lag.transactions", holder,
                        h -> h.get() == null ? Double.NaN : h.get().transactionsBehind())
                .tag("instance", instance.toString())
                .description("primary transactions the replica has not executed")
                .register(registry);
        return holder;
    }
}
