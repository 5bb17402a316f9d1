package io.tandem.topology.gtid;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.tandem.topology.flavor.Flavor;

import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * An immutable set of global transaction ids, in MySQL's format ({@code uuid:1-5:7,uuid2:1-9}) or MariaDB's
 * ({@code 0-1-100,1-2-7}). Tandem compares these sets to tell which replica has applied the most and what a
 * candidate is missing before it can be promoted.
 *
 * <p>A set holds one flavor's GTIDs. The empty set belongs to both: every empty set equals {@link #EMPTY},
 * reports no {@link #flavor()}, and combines with either flavor. Combining a non-empty MySQL set with a
 * non-empty MariaDB set is an error. {@link #toString()} is canonical and {@link #parse(String)} reads it back.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/replication-gtids-concepts.html">MySQL: GTID format and storage</a>
 * @see <a href="https://mariadb.com/kb/en/gtid/">MariaDB: Global Transaction ID</a>
 */
public final class GtidSet {

    public static final GtidSet EMPTY = new GtidSet(SourceMap.empty(), SourceMap.empty());

    // At most one of the two is non-empty. Keeping both lets every operation run on both without asking the
    // flavor: once the flavors are known to agree, the other flavor's maps are empty on both sides.
    private final SourceMap<String, IntervalSet> uuids;
    private final SourceMap<Long, MariaDbDomain> domains;

    private GtidSet(SourceMap<String, IntervalSet> uuids, SourceMap<Long, MariaDbDomain> domains) {
        this.uuids = uuids;
        this.domains = domains;
    }

    private static GtidSet of(SourceMap<String, IntervalSet> uuids, SourceMap<Long, MariaDbDomain> domains) {
        return uuids.isEmpty() && domains.isEmpty() ? EMPTY : new GtidSet(uuids, domains);
    }

    /**
     * Reads either format, telling them apart by their elements; {@code null} or blank text is the empty set.
     *
     * @throws IllegalArgumentException on a malformed element, a tagged MySQL GTID, or a mix of both formats
     */
    // DELEGATING: the whole JSON string is the argument, even where a ParameterNamesModule is registered
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static GtidSet parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        return parse(new GtidText(text).flavor(), text);
    }

    /**
     * Reads the given flavor's format only, as when the server's flavor is already known.
     *
     * @throws IllegalArgumentException on an element that is not in that format
     */
    public static GtidSet parse(Flavor flavor, String text) {
        Objects.requireNonNull(flavor, "flavor");
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        GtidText gtidText = new GtidText(text);
        return switch (flavor) {
            case MYSQL -> of(MySqlGtidFormat.parse(gtidText), SourceMap.empty());
            case MARIADB -> of(SourceMap.empty(), MariaDbGtidFormat.parse(gtidText));
        };
    }

    /** The format of this set's GTIDs, or empty for the empty set. */
    public Optional<Flavor> flavor() {
        if (!uuids.isEmpty()) {
            return Optional.of(Flavor.MYSQL);
        }
        return domains.isEmpty() ? Optional.empty() : Optional.of(Flavor.MARIADB);
    }

    public GtidSet union(GtidSet other) {
        requireSameFlavor(other);
        return of(uuids.union(other.uuids), domains.union(other.domains));
    }

    public GtidSet subtract(GtidSet other) {
        requireSameFlavor(other);
        return of(uuids.subtract(other.uuids), domains.subtract(other.domains));
    }

    public GtidSet intersect(GtidSet other) {
        requireSameFlavor(other);
        return of(uuids.intersect(other.uuids), domains.intersect(other.domains));
    }

    /** True when this set holds every transaction of {@code other}; MariaDB server ids play no part. */
    public boolean contains(GtidSet other) {
        requireSameFlavor(other);
        return uuids.contains(other.uuids) && domains.contains(other.domains);
    }

    /** MariaDB domains by id, with the server id of each domain's last GTID; empty for a MySQL set. */
    SortedMap<Long, MariaDbDomain> mariaDbDomains() {
        return domains.asMap();
    }

    public boolean isEmpty() {
        return uuids.isEmpty() && domains.isEmpty();
    }

    /**
     * The number of transactions in this set.
     *
     * @throws ArithmeticException if the count does not fit a {@code long}
     */
    public long count() {
        return Math.addExact(uuids.count(), domains.count());
    }

    private void requireSameFlavor(GtidSet other) {
        Objects.requireNonNull(other, "other");
        if (!uuids.isEmpty() && !other.domains.isEmpty() || !domains.isEmpty() && !other.uuids.isEmpty()) {
            throw new IllegalArgumentException("cannot combine a MySQL GTID set with a MariaDB GTID set");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GtidSet other && uuids.equals(other.uuids) && domains.equals(other.domains);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uuids, domains);
    }

    /**
     * The canonical text: sources sorted, intervals coalesced, elements joined by {@code ","}. MySQL sets are
     * written {@code uuid:1-5:7}; MariaDB domains {@code D-S-N}, or {@code D-S-A..B} per interval when the
     * domain's sequence numbers are not exactly 1..N. The empty set is {@code ""}.
     */
    @JsonValue
    @Override
    public String toString() {
        return uuids.isEmpty() ? MariaDbGtidFormat.render(domains) : MySqlGtidFormat.render(uuids);
    }
}
