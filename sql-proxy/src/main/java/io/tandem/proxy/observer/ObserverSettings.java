package io.tandem.proxy.observer;

import java.time.Duration;

/**
 * How the proxy probes its cluster's instances.
 *
 * @param probeInterval how often each instance is probed (and the report refreshed)
 * @param timeout the connect and the read timeout of one probe; a probe silent for twice this long counts as failed
 *     even before its thread comes back
 * @param monitorUser the account probes log in with; it needs no privilege beyond reading system variables
 * @param lagFreshness how old a published {@code lag/<instance>} sample may be and still be preferred to the
 *     observer's own estimate
 * @param reportInterval the longest time between two writes of this proxy's {@code observers/<id>} node when
 *     nothing changed; a change of reachability or read-only is written at the end of the round that saw it
 * @param lagWindow how far back the observer remembers the primary's GTID sets for its own lag estimate
 */
public record ObserverSettings(Duration probeInterval, Duration timeout, String monitorUser, String monitorPassword,
                               Duration lagFreshness, Duration reportInterval, Duration lagWindow) {

    public ObserverSettings {
        requirePositive("probeInterval", probeInterval);
        requirePositive("timeout", timeout);
        requirePositive("lagFreshness", lagFreshness);
        requirePositive("reportInterval", reportInterval);
        requirePositive("lagWindow", lagWindow);
    }

    /** Probes every 250 ms with 1 s timeouts; published lag counts for 3 s; the report is refreshed every second. */
    public static ObserverSettings defaults(String monitorUser, String monitorPassword) {
        return new ObserverSettings(Duration.ofMillis(250), Duration.ofSeconds(1), monitorUser, monitorPassword,
                Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public ObserverSettings withProbeInterval(Duration next) {
        return new ObserverSettings(next, timeout, monitorUser, monitorPassword, lagFreshness, reportInterval,
                lagWindow);
    }

    public ObserverSettings withTimeout(Duration next) {
        return new ObserverSettings(probeInterval, next, monitorUser, monitorPassword, lagFreshness, reportInterval,
                lagWindow);
    }

    /** How long a probe may stay silent before its instance counts as unreachable. */
    Duration overdueAfter() {
        return timeout.multipliedBy(2);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("observer setting " + name + " must be positive, got " + value);
        }
    }
}
