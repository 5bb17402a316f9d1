package io.tandem.topology.request;

/**
 * A request node's content: the request and, once the leader has answered, its outcome (null while pending).
 *
 * @param sequence the node's sequence number (not stored in the node)
 * @param version the node's data version when read, for the leader's compare-and-set answer
 */
public record RequestEntry(long sequence, int version, Request request, RequestOutcome outcome) {

    public boolean pending() {
        return outcome == null;
    }
}
