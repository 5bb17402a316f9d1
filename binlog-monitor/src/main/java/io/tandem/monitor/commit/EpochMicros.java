package io.tandem.monitor.commit;

import java.time.Instant;

/** Microseconds since the epoch: the unit of commit times in the binlog and of {@code tandem.heartbeat.ts}. */
public final class EpochMicros {

    private EpochMicros() {
    }

    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }
}
