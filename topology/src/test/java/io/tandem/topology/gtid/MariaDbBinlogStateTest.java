package io.tandem.topology.gtid;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server 1 was primary up to 0-1-3, which server 2 received; server 1 then committed 0-1-4 and died, server 2 was
 * promoted and logged 0-2-4..6: its {@code @@gtid_binlog_state} is {@code 0-1-3,0-2-6}.
 */
class MariaDbBinlogStateTest {

    private static final MariaDbBinlogState NEW_PRIMARY = MariaDbBinlogState.parse("0-1-3,0-2-6");

    private static GtidSet position(String text) {
        return GtidSet.parse(Flavor.MARIADB, text);
    }

    @Test
    void aFormerPrimarysCommitTheNewPrimaryNeverReceivedIsUnloggedThoughItsNumberIsCovered() {
        GtidSet oldPrimary = position("0-1-4");

        assertThat(oldPrimary.subtract(position("0-2-6"))).as("sequence numbers alone").isEqualTo(GtidSet.EMPTY);
        assertThat(NEW_PRIMARY.unlogged(oldPrimary)).isEqualTo(position("0-1-4..4"));
    }

    @Test
    void aServerThatStoppedAtWhatTheNewPrimaryReceivedHasNothingUnlogged() {
        assertThat(NEW_PRIMARY.unlogged(position("0-1-3"))).isEqualTo(GtidSet.EMPTY);
        assertThat(NEW_PRIMARY.unlogged(position("0-1-2"))).isEqualTo(GtidSet.EMPTY);
    }

    @Test
    void aReplicaOfTheNewPrimaryHasNothingUnlogged() {
        assertThat(NEW_PRIMARY.unlogged(position("0-2-5"))).isEqualTo(GtidSet.EMPTY);
        assertThat(NEW_PRIMARY.unlogged(position("0-2-6"))).isEqualTo(GtidSet.EMPTY);
    }

    @Test
    void eachDomainIsJudgedOnItsOwnAndAServerThatNeverLoggedHereLacksAllItsNumbers() {
        MariaDbBinlogState state = MariaDbBinlogState.parse("0-1-3,0-2-6,1-2-7");

        assertThat(state.unlogged(position("0-2-6,1-2-9,2-5-2"))).isEqualTo(position("1-2-8..9,2-5-2"));
    }

    @Test
    void anEmptyBinlogStateHoldsNothingAndAnEmptyOrMySqlSetHasNothingUnlogged() {
        assertThat(MariaDbBinlogState.parse("").unlogged(position("0-1-2"))).isEqualTo(position("0-1-2"));
        assertThat(NEW_PRIMARY.unlogged(GtidSet.EMPTY)).isEqualTo(GtidSet.EMPTY);
        assertThat(NEW_PRIMARY.unlogged(GtidSet.parse("2174b383-5441-11e8-b90a-c80aa9429562:1-5")))
                .isEqualTo(GtidSet.EMPTY);
    }

    @Test
    void readsTheStateAsTheServerPrintsIt() {
        assertThat(MariaDbBinlogState.parse("0-2-6,\n0-1-3")).hasToString("0-1-3,0-2-6");
        assertThatThrownBy(() -> MariaDbBinlogState.parse("0-1-3..5")).isInstanceOf(IllegalArgumentException.class);
    }
}
