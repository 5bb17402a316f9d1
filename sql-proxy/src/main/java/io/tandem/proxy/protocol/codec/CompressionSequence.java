package io.tandem.proxy.protocol.codec;

/**
 * The compressed sequence id of one connection: the client's command restarts it at 0, and every compressed packet
 * of the exchange that follows, in either direction, takes the next number. Shared by the two halves of the codec,
 * on one event loop.
 */
public final class CompressionSequence {

    private int last = -1;

    void received(int sequenceId) {
        last = sequenceId;
    }

    int next() {
        last = (last + 1) & 0xFF;
        return last;
    }
}
