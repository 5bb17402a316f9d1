package io.tandem.topology.gtid;

import io.tandem.topology.flavor.Flavor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Set algebra over random GTID sets of either flavor. Numbers stay small and sources few so that random sets
 * overlap often; generated sets include the holes that only subtraction produces.
 */
class GtidSetPropertiesTest {

    private static final List<String> UUIDS = List.of(
            "2174b383-5441-11e8-b90a-c80aa9429562",
            "224da167-0c0c-11e8-8442-00059a3c7b00",
            "3E11FA47-71CA-11E1-9E33-C80AA9429562");

    /** Three sets of one flavor, since sets of different flavors do not combine. */
    record Operands(GtidSet a, GtidSet b, GtidSet c) {
    }

    @Property
    void unionIsCommutative(@ForAll("operands") Operands o) {
        assertThat(o.a().union(o.b())).isEqualTo(o.b().union(o.a()));
    }

    @Property
    void unionIsAssociative(@ForAll("operands") Operands o) {
        assertThat(o.a().union(o.b()).union(o.c())).isEqualTo(o.a().union(o.b().union(o.c())));
    }

    @Property
    void unionContainsEachOperand(@ForAll("operands") Operands o) {
        assertThat(o.a().union(o.b()).contains(o.a())).isTrue();
        assertThat(o.a().union(o.b()).contains(o.b())).isTrue();
    }

    @Property
    void containsMeansNothingLeftOver(@ForAll("operands") Operands o) {
        assertThat(o.a().contains(o.b())).isEqualTo(o.b().subtract(o.a()).isEmpty());
        GtidSet superset = o.a().union(o.b());
        assertThat(superset.contains(o.b())).isEqualTo(o.b().subtract(superset).isEmpty());
    }

    @Property
    void differenceSharesNothingWithWhatWasSubtracted(@ForAll("operands") Operands o) {
        assertThat(o.a().subtract(o.b()).intersect(o.b()).isEmpty()).isTrue();
    }

    @Property
    void differenceAndIntersectionRebuildTheSet(@ForAll("operands") Operands o) {
        assertThat(o.a().subtract(o.b()).union(o.a().intersect(o.b()))).isEqualTo(o.a());
    }

    @Property
    void textRoundTrips(@ForAll("operands") Operands o) {
        GtidSet a = o.a();
        assertThat(GtidSet.parse(a.toString())).isEqualTo(a);
        a.flavor().ifPresent(flavor -> assertThat(GtidSet.parse(flavor, a.toString())).isEqualTo(a));
    }

    @Property
    void countFollowsInclusionExclusion(@ForAll("operands") Operands o) {
        long expected = o.a().count() + o.b().count() - o.a().intersect(o.b()).count();
        assertThat(o.a().union(o.b()).count()).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Operands> operands() {
        return Arbitraries.oneOf(operandsOf(withHoles(mySqlSets())), operandsOf(withHoles(mariaDbSets())));
    }

    private static Arbitrary<Operands> operandsOf(Arbitrary<GtidSet> sets) {
        return Combinators.combine(sets, sets, sets).as(Operands::new);
    }

    /** Half the time punches another random set out of the first, leaving shapes no server text has. */
    private static Arbitrary<GtidSet> withHoles(Arbitrary<GtidSet> sets) {
        return Combinators.combine(sets, sets, Arbitraries.of(false, true))
                .as((set, cut, punch) -> punch ? set.subtract(cut) : set);
    }

    private static Arbitrary<GtidSet> mySqlSets() {
        Arbitrary<String> interval = Combinators.combine(
                        Arbitraries.longs().between(1, 40), Arbitraries.longs().between(0, 8))
                .as((start, length) -> length == 0 ? Long.toString(start) : start + "-" + (start + length));
        Arbitrary<String> element = Combinators.combine(
                        Arbitraries.of(UUIDS), interval.list().ofMinSize(1).ofMaxSize(3))
                .as((uuid, intervals) -> uuid + ":" + String.join(":", intervals));
        return element.list().ofMaxSize(4).map(elements -> GtidSet.parse(Flavor.MYSQL, String.join(",\n", elements)));
    }

    private static Arbitrary<GtidSet> mariaDbSets() {
        Arbitrary<String> element = Combinators.combine(
                        Arbitraries.of(0L, 1L, 7L),
                        Arbitraries.longs().between(1, 3),
                        Arbitraries.longs().between(0, 40),
                        Arbitraries.longs().between(0, 8),
                        Arbitraries.of(false, true))
                .as((domain, serverId, seq, length, range) -> domain + "-" + serverId + "-"
                        + (range ? (seq + 1) + ".." + (seq + 1 + length) : Long.toString(seq)));
        return element.list().ofMaxSize(4).map(elements -> GtidSet.parse(Flavor.MARIADB, String.join(",", elements)));
    }
}
