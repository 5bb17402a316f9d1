package io.tandem.it.conformance;

import java.util.List;

/**
 * Where two transcripts first part: the exchange, the packet's index in it, and the packets (decoded and masked)
 * on each side, with the packets of that exchange before it for context. A missing packet is {@code null}.
 */
record Difference(String exchange, int index, DecodedPacket direct, DecodedPacket proxied,
                  List<DecodedPacket> before) {
}
