package io.tandem.topology.store;

import io.tandem.topology.instance.InstanceKey;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The ZooKeeper layout of one cluster, {@code /tandem/<cluster>/…}, in one place (DESIGN.md, "ZooKeeper layout").
 */
public record TandemPaths(String cluster) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern PROCESS_ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");

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

    /** Parent of the persistent sequential {@code requests/req-} nodes: operator requests the leader executes. */
    public String requests() {
        return root() + "/requests";
    }

    /** Cluster-wide settings changed at run time (automatic failover on or off). */
    public String config() {
        return root() + "/config";
    }

    /** Parent of the {@code last/<name>} nodes: the latest event of each kind, so that no one reads the journal. */
    public String marks() {
        return root() + "/last";
    }

    /** The latest event of one kind (e.g. {@code recovery-resolved}). */
    public String mark(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("mark name '" + name + "' must be 1-64 letters, digits, '-' or '_'");
        }
        return marks() + "/" + name;
    }

    /** Parent of the ephemeral {@code observers/<id>} nodes: each process's view of each instance. */
    public String observers() {
        return root() + "/observers";
    }

    /** One observer's ephemeral report, written by the proxy or orchestrator named {@code id}. */
    public String observer(String id) {
        return observers() + "/" + processId(id);
    }

    /** Parent of the {@code lag/<instance>} nodes: the latest lag sample of each instance. */
    public String lag() {
        return root() + "/lag";
    }

    /** The latest lag sample of one instance, written by the binlog monitor. */
    public String lag(InstanceKey instance) {
        return lag() + "/" + segment(instance);
    }

    /** Parent of the ephemeral {@code proxies/<id>} nodes: address, version and counters of each live proxy. */
    public String proxies() {
        return root() + "/proxies";
    }

    /**
     * One path segment naming an instance: {@code host_port}, with every host character other than a letter, digit,
     * {@code '.'} or {@code '-'} percent-encoded, so that distinct keys never share a node ({@code [::1]:3306} is
     * {@code %3A%3A1_3306}).
     */
    public static String segment(InstanceKey instance) {
        StringBuilder out = new StringBuilder();
        for (byte b : instance.host().getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.append('_').append(instance.port()).toString();
    }

    private static String processId(String id) {
        if (id == null || !PROCESS_ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
            throw new IllegalArgumentException("process id '" + id + "' must be 1-128 letters, digits or '_.:@-'"
                    + " (it is a ZooKeeper path segment)");
        }
        return id;
    }
}
