package io.tandem.topology.gtid;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GtidSetTest {

    private static final String U1 = "2174b383-5441-11e8-b90a-c80aa9429562";
    private static final String U2 = "224da167-0c0c-11e8-8442-00059a3c7b00";
    private static final String U3 = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    private static GtidSet gtids(String text) {
        return GtidSet.parse(text);
    }

    @Nested
    class MySql {

        @Test
        void readsGtidExecutedAsTheServerPrintsIt() {
            // SELECT @@gtid_executed: unsorted here, upper-case UUID, a newline after every comma
            String text = U3.toUpperCase() + ":1-5:11-18,\n" + U1 + ":1-3,\n" + U2 + ":1-19";

            GtidSet set = gtids(text);

            assertThat(set.flavor()).contains(Flavor.MYSQL);
            assertThat(set).hasToString(U1 + ":1-3," + U2 + ":1-19," + U3 + ":1-5:11-18");
            assertThat(set.count()).isEqualTo(3 + 19 + 5 + 8);
        }

        @Test
        void coalescesTouchingOverlappingAndRepeatedIntervals() {
            assertThat(gtids(U1 + ":1-3:4-5")).isEqualTo(gtids(U1 + ":1-5")).hasToString(U1 + ":1-5");
            assertThat(gtids(U1 + ":9:5-7:1-6:11")).hasToString(U1 + ":1-7:9:11");
            assertThat(gtids(U1 + ":1-2," + U1.toUpperCase() + ":3")).hasToString(U1 + ":1-3");
        }

        @Test
        void equalSetsHashAlike() {
            assertThat(gtids(U1 + ":1-3:4-5").hashCode()).isEqualTo(gtids(U1.toUpperCase() + ":1-5").hashCode());
            assertThat(gtids(U1 + ":1-5")).isNotEqualTo(gtids(U1 + ":1-6"));
        }

        @Test
        void subtractLeavesHoles() {
            GtidSet missing = gtids(U1 + ":1-10").subtract(gtids(U1 + ":3-4"));

            assertThat(missing).hasToString(U1 + ":1-2:5-10");
            assertThat(missing.count()).isEqualTo(8);
            assertThat(gtids(missing.toString())).isEqualTo(missing);
        }

        @Test
        void subtractDropsSourcesWithNothingLeft() {
            GtidSet primary = gtids(U1 + ":1-10," + U2 + ":1-4");
            GtidSet replica = gtids(U1 + ":1-8," + U2 + ":1-4");

            assertThat(primary.subtract(replica)).hasToString(U1 + ":9-10");
            assertThat(replica.subtract(primary)).isEqualTo(GtidSet.EMPTY);
        }

        @Test
        void intersectKeepsWhatBothHold() {
            GtidSet a = gtids(U1 + ":1-10:20-30," + U2 + ":1-5");
            GtidSet b = gtids(U1 + ":5-25," + U3 + ":1-5");

            assertThat(a.intersect(b)).hasToString(U1 + ":5-10:20-25");
        }

        @Test
        void containsMeansSupersetOrEqual() {
            GtidSet primary = gtids(U1 + ":1-10," + U2 + ":1-5");

            assertThat(primary.contains(gtids(U1 + ":1-10," + U2 + ":1-5"))).isTrue();
            assertThat(primary.contains(gtids(U1 + ":2-3:7"))).isTrue();
            assertThat(primary.contains(gtids(U1 + ":10-11"))).isFalse();
            assertThat(primary.contains(gtids(U3 + ":1"))).isFalse();
            assertThat(gtids(U1 + ":1-2:5-10").contains(gtids(U1 + ":1-10"))).isFalse();
        }
    }

    @Nested
    class MariaDb {

        @Test
        void readsGtidBinlogPosWithSeveralServersPerDomain() {
            // SELECT @@gtid_binlog_pos after a switchover in domain 0: one element per server id
            GtidSet set = gtids("0-1-100,0-2-105,1-1-7");

            assertThat(set.flavor()).contains(Flavor.MARIADB);
            assertThat(set).hasToString("0-2-105,1-1-7");
            assertThat(set.count()).isEqualTo(112);
        }

        @Test
        void sortsDomainsNumerically() {
            assertThat(gtids("10-1-5, 2-1-3,\n0-3-1")).hasToString("0-3-1,2-1-3,10-1-5");
        }

        @Test
        void sequenceZeroMeansNothing() {
            assertThat(gtids("0-1-0")).isEqualTo(GtidSet.EMPTY);
            assertThat(gtids("0-1-0,1-1-5")).hasToString("1-1-5");
        }

        @Test
        void subtractRendersTheRemainderAsRangesAndReadsThemBack() {
            GtidSet missing = gtids("0-1-150").subtract(gtids("0-1-100"));

            assertThat(missing).hasToString("0-1-101..150");
            assertThat(missing.count()).isEqualTo(50);
            assertThat(gtids(missing.toString())).isEqualTo(missing);
            assertThat(GtidSet.parse(Flavor.MARIADB, missing.toString())).isEqualTo(missing);
        }

        @Test
        void subtractLeavingHolesWritesEveryInterval() {
            GtidSet holes = gtids("0-1-10,1-2-3").subtract(gtids("0-1-3..4,0-1-7..7"));

            assertThat(holes).hasToString("0-1-1..2,0-1-5..6,0-1-8..10,1-2-3");
            assertThat(gtids(holes.toString())).isEqualTo(holes);
            assertThat(holes.union(gtids("0-1-3..4,0-1-7..7"))).isEqualTo(gtids("0-1-10,1-2-3"));
        }

        @Test
        void unionKeepsTheServerIdOfTheHighestSequence() {
            assertThat(gtids("0-1-100").union(gtids("0-2-90"))).hasToString("0-1-100");
            assertThat(gtids("0-2-90").union(gtids("0-1-100"))).hasToString("0-1-100");
        }

        @Test
        void containsIgnoresServerIds() {
            GtidSet primary = gtids("0-1-100,1-1-5");

            assertThat(primary.contains(gtids("0-2-50"))).isTrue();
            assertThat(primary.contains(gtids("0-1-101"))).isFalse();
            assertThat(primary.contains(gtids("2-1-1"))).isFalse();
        }
    }

    @Nested
    class Errors {

        @Test
        void quotesTheBadElementAndTheWholeText() {
            String text = "abc," + U3.toUpperCase() + ":1-5";

            assertThatThrownBy(() -> gtids(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not a GTID set element: 'abc' in '" + text + "'");
        }

        @Test
        void rejectsAnIntervalThatEndsBeforeItStarts() {
            assertThatThrownBy(() -> gtids(U1 + ":5-3"))
                    .hasMessage("interval 5-3 ends before it starts: '" + U1 + ":5-3' in '" + U1 + ":5-3'");
            assertThatThrownBy(() -> gtids("0-1-9..3"))
                    .hasMessage("sequence range 9..3 ends before it starts: '0-1-9..3' in '0-1-9..3'");
        }

        @Test
        void rejectsMySqlTransactionZero() {
            assertThatThrownBy(() -> gtids(U1 + ":0-3"))
                    .hasMessageStartingWith("MySQL transaction numbers start at 1: '" + U1 + ":0-3'");
        }

        @Test
        void rejectsAMalformedUuid() {
            assertThatThrownBy(() -> gtids("3e11fa47-71ca-11e1-9e33:1-5"))
                    .hasMessage("malformed server UUID '3e11fa47-71ca-11e1-9e33': "
                            + "'3e11fa47-71ca-11e1-9e33:1-5' in '3e11fa47-71ca-11e1-9e33:1-5'");
        }

        @Test
        void rejectsTaggedGtids() {
            String text = U1 + ":1-5," + U2 + ":orders:1-5";

            assertThatThrownBy(() -> gtids(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("tagged GTIDs are not supported: '" + U2 + ":orders:1-5' in '" + text + "'");
        }

        @Test
        void rejectsMalformedNumbers() {
            assertThatThrownBy(() -> gtids(U1 + ":1-x")).hasMessageContaining("'x' is not a decimal number");
            assertThatThrownBy(() -> gtids(U1 + ":1-99999999999999999999"))
                    .hasMessageContaining("99999999999999999999 is larger than");
            assertThatThrownBy(() -> gtids("4294967296-1-5")).hasMessageContaining("domain id 4294967296");
            assertThatThrownBy(() -> gtids("0-1-0..5")).hasMessageContaining("starts at 1");
            assertThatThrownBy(() -> gtids(U1 + ":1-5,")).hasMessageStartingWith("not a GTID set element: ''");
        }

        @Test
        void rejectsATextThatMixesFormats() {
            String text = U1 + ":1-5,0-1-100";

            assertThatThrownBy(() -> gtids(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContainingAll("MySQL '" + U1 + ":1-5'", "MariaDB '0-1-100'", "'" + text + "'");
        }

        @Test
        void strictParseNamesTheExpectedFormat() {
            assertThatThrownBy(() -> GtidSet.parse(Flavor.MYSQL, "0-1-100"))
                    .hasMessage("not a MySQL GTID set element: '0-1-100' in '0-1-100'");
            assertThatThrownBy(() -> GtidSet.parse(Flavor.MARIADB, U1 + ":1-5"))
                    .hasMessage("not a MariaDB GTID set element: '" + U1 + ":1-5' in '" + U1 + ":1-5'");
        }

        @Test
        void refusesToCombineFlavors() {
            GtidSet mySql = gtids(U1 + ":1-5");
            GtidSet mariaDb = gtids("0-1-5");
            String message = "cannot combine a MySQL GTID set with a MariaDB GTID set";

            assertThatThrownBy(() -> mySql.union(mariaDb)).hasMessage(message);
            assertThatThrownBy(() -> mariaDb.subtract(mySql)).hasMessage(message);
            assertThatThrownBy(() -> mySql.intersect(mariaDb)).hasMessage(message);
            assertThatThrownBy(() -> mariaDb.contains(mySql)).hasMessage(message);
        }
    }

    @Nested
    class Empty {

        @Test
        void belongsToNeitherFlavor() {
            assertThat(GtidSet.EMPTY.flavor()).isEmpty();
            assertThat(GtidSet.EMPTY.isEmpty()).isTrue();
            assertThat(GtidSet.EMPTY.count()).isZero();
            assertThat(GtidSet.EMPTY).hasToString("");
        }

        @Test
        void isWhatBlankTextAndEmptiedSetsParseTo() {
            assertThat(GtidSet.parse(null)).isEqualTo(GtidSet.EMPTY);
            assertThat(GtidSet.parse(" \n")).isEqualTo(GtidSet.EMPTY);
            assertThat(GtidSet.parse(Flavor.MYSQL, "")).isEqualTo(GtidSet.EMPTY);
            assertThat(GtidSet.parse(Flavor.MARIADB, null)).isEqualTo(GtidSet.EMPTY);
            GtidSet emptied = gtids(U1 + ":1-5").subtract(gtids(U1 + ":1-9"));
            assertThat(emptied).isEqualTo(GtidSet.EMPTY).hasSameHashCodeAs(GtidSet.EMPTY);
            assertThat(emptied.flavor()).isEmpty();
        }

        @Test
        void combinesWithEitherFlavor() {
            for (GtidSet set : new GtidSet[] {gtids(U1 + ":1-5"), gtids("0-1-5")}) {
                assertThat(GtidSet.EMPTY.union(set)).isEqualTo(set);
                assertThat(set.union(GtidSet.EMPTY)).isEqualTo(set);
                assertThat(set.subtract(GtidSet.EMPTY)).isEqualTo(set);
                assertThat(GtidSet.EMPTY.subtract(set)).isEqualTo(GtidSet.EMPTY);
                assertThat(set.intersect(GtidSet.EMPTY)).isEqualTo(GtidSet.EMPTY);
                assertThat(set.contains(GtidSet.EMPTY)).isTrue();
                assertThat(GtidSet.EMPTY.contains(set)).isFalse();
            }
        }
    }

    @Test
    void travelsAsAJsonString() throws Exception {
        ObjectMapper json = new ObjectMapper();
        GtidSet set = gtids(U2 + ":1-19,\n" + U1 + ":1-3");

        String written = json.writeValueAsString(set);

        assertThat(written).isEqualTo("\"" + U1 + ":1-3," + U2 + ":1-19\"");
        assertThat(json.readValue(written, GtidSet.class)).isEqualTo(set);
        assertThat(json.readValue("\"0-1-101..150\"", GtidSet.class)).hasToString("0-1-101..150");
    }
}
