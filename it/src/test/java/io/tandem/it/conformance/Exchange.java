package io.tandem.it.conformance;

import java.util.List;

/** One request of a script and every packet of its answer, labelled by the step it belongs to. */
record Exchange(String label, List<Received> received) {
}
