package io.tandem.monitor.lag;

import io.tandem.monitor.commit.Gtid;
import io.tandem.topology.gtid.GtidSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The first and the last transaction of each source in a MySQL GTID set, read from the set's canonical text
 * ({@code uuid:1-5:7,uuid2:3}), whose intervals are sorted. A source numbers its transactions in commit order, so in
 * the set of transactions a replica lacks, each source's first is its oldest missing transaction.
 */
final class GtidSources {

    private GtidSources() {
    }

    static List<Gtid> first(GtidSet set) {
        return ends(set, true);
    }

    static List<Gtid> last(GtidSet set) {
        return ends(set, false);
    }

    private static List<Gtid> ends(GtidSet set, boolean first) {
        List<Gtid> ends = new ArrayList<>();
        if (set.isEmpty()) {
            return ends;
        }
        for (String source : set.toString().split(",")) {
            String[] parts = source.strip().split(":");
            if (parts.length < 2) {
                throw new IllegalArgumentException("'" + source + "' is not a MySQL GTID set element");
            }
            String interval = parts[first ? 1 : parts.length - 1];
            int dash = interval.indexOf('-');
            String number = dash < 0 ? interval : first ? interval.substring(0, dash) : interval.substring(dash + 1);
            ends.add(new Gtid(parts[0], Long.parseLong(number)));
        }
        return ends;
    }
}
