package io.tandem.topology.store;

import java.util.regex.Pattern;

/**
 * The ZooKeeper layout of one cluster, {@code /tandem/<cluster>/…}, in one place (DESIGN.md, "ZooKeeper layout").
 */
public record TandemPaths(String cluster) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public TandemPaths {
        if (cluster == null || !NAME.matcher(cluster).matches()) {
            throw new IllegalArgumentException("cluster name '" + cluster
                    + "' must be 1-64 letters, digits, '-' or '_' (it is a ZooKeeper path segment)");
        }
    }

    public String root() {
        return "/tandem/" + cluster;
    }

    /** The cluster view: persistent JSON, changed only by versioned compare-and-set. */
    public String view() {
        return root() + "/view";
    }

    /** Parent of the persistent sequential journal nodes. */
    public String journal() {
        return root() + "/journal";
    }

    /** Prefix of one journal node; ZooKeeper appends a 10-digit sequence number. */
    public String journalEventPrefix() {
        return journal() + "/ev-";
    }
}
