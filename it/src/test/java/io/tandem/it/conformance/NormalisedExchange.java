package io.tandem.it.conformance;

import java.util.List;

/** One exchange decoded and masked: what the comparer compares. */
record NormalisedExchange(String label, List<DecodedPacket> packets) {
}
