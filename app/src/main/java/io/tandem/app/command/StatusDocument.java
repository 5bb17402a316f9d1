package io.tandem.app.command;

import io.tandem.topology.lag.LagSample;
import io.tandem.topology.view.ClusterView;

import java.util.List;

/**
 * {@code tandem status --json}: the view exactly as stored, each replica's latest lag sample from
 * {@code lag/<instance>} (replicas without one are absent), and the last recovery that ended ({@code null} if none).
 */
record StatusDocument(ClusterView view, List<LagSample> lag, LastRecovery lastRecovery) {

    StatusDocument {
        lag = List.copyOf(lag);
    }
}
