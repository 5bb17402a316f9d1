package io.tandem.topology.request;

/**
 * Cluster-wide settings an operator changes at run time, {@code /tandem/<cluster>/config}: read by every
 * orchestrator, written by the leader when it executes a request.
 *
 * @param autoFailover whether the leader fails over a dead primary by itself; a switchover is allowed either way
 */
public record ClusterSettings(boolean autoFailover) {

    public static final ClusterSettings DEFAULTS = new ClusterSettings(true);

    public ClusterSettings withAutoFailover(boolean enabled) {
        return new ClusterSettings(enabled);
    }
}
