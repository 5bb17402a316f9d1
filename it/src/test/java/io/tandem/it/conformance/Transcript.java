package io.tandem.it.conformance;

import java.util.List;

/**
 * Everything one pass of a script received, exchange by exchange, with whether the session negotiated
 * CLIENT_SESSION_TRACK (OK packets are read differently with it) and what its connection ran over.
 */
record Transcript(boolean sessionTrack, List<Exchange> exchanges, Transport transport) {
}
