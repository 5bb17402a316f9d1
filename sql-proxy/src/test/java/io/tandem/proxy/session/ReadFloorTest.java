package io.tandem.proxy.session;

import io.tandem.topology.gtid.GtidSet;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ReadFloorTest {

    private static final String P = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String OLD = "4e11fa47-71ca-11e1-9e33-c80aa9429562";

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ReadFloor floor = new ReadFloor(now::get);

    private static GtidSet gtids(String text) {
        return GtidSet.parse(text);
    }

    @Test
    void aStaleObservationOfThePrimaryDoesNotDropTheSessionsOwnWrite() {
        floor.servedBy(gtids(P + ":1-10"), gtids(P + ":1-10"));
        floor.wrote(gtids(P + ":11"));

        // the primary's last probe predates the session's commit of :11
        floor.lostTo(gtids(P + ":1-10"));

        assertThat(floor.get()).isEqualTo(gtids(P + ":1-11"));
    }

    @Test
    void whatAFailoverLostIsDroppedAndOldOwnWritesWithIt() {
        floor.wrote(gtids(OLD + ":1-5"));
        now.addAndGet(ReadFloor.RECENT_NANOS + 1);

        floor.lostTo(gtids(P + ":1-20"));

        assertThat(floor.get()).as("the dead primary's transactions no server will ever have")
                .isEqualTo(gtids(P + ":1-20"));
    }

    @Test
    void aPrimaryThatHasTheFloorChangesNothing() {
        floor.wrote(gtids(P + ":7"));

        floor.lostTo(gtids(P + ":1-9"));

        assertThat(floor.get()).isEqualTo(gtids(P + ":7"));
    }
}
