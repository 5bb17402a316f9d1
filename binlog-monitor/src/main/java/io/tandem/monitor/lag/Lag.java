package io.tandem.monitor.lag;

/**
 * How far a replica is behind the primary at one moment.
 *
 * @param millis now minus the commit time of the oldest primary transaction the replica lacks; 0 when caught up
 * @param transactions how many of the primary's transactions the replica lacks
 * @param exact false when that oldest transaction's own commit time was not in the commit log and a neighbour's
 *     stood in for it (see {@link LagCalculator})
 */
public record Lag(long millis, long transactions, boolean exact) {

    public static final Lag CAUGHT_UP = new Lag(0, 0, true);

    public Lag {
        if (millis < 0 || transactions < 0) {
            throw new IllegalArgumentException("lag cannot be negative: " + millis + " ms, " + transactions + " trx");
        }
    }
}
