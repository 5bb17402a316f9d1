package io.tandem.proxy.frontend;

import io.tandem.proxy.replay.TrackingRestore;
import io.tandem.proxy.session.ClientTracking;
import io.tandem.proxy.session.ServerDefaults;
import io.tandem.proxy.session.SessionState;

import java.util.List;
import java.util.Map;

/**
 * The session tracking one client sees, apart from what the proxy tracks for itself: which trackers the client's
 * own settings turn on (cached per session state and server defaults, since every OK packet is filtered with it),
 * and the tracking variables the current statement assigned, which the proxy must set back on its connection
 * afterwards. Owned by one session, on its event loop.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/session-state-tracking.html">Session state tracking</a>
 */
final class TrackingView {

    private ClientTracking tracking;
    private Map<String, String> trackingOf;
    private ServerDefaults trackingDefaults;
    /** The current statement assigned these session_track_* variables on its backend connection. */
    private List<String> touched = List.of();

    /** What this client's own trackers report under {@code state}, on servers with {@code defaults}. */
    ClientTracking of(SessionState state, ServerDefaults defaults) {
        if (tracking == null || trackingOf != state.variables() || trackingDefaults != defaults) {
            trackingOf = state.variables();
            trackingDefaults = defaults;
            tracking = ClientTracking.of(defaults, trackingOf);
        }
        return tracking;
    }

    /** The statement {@code sql} changed session state: remember which tracking variables it assigned. */
    void changedBy(String sql) {
        touched = TrackingRestore.assigned(sql);
    }

    /** The tracking variables to restore after the statement now ending (empty: none), forgotten once taken. */
    List<String> takeTouched() {
        List<String> taken = touched;
        touched = List.of();
        return taken;
    }
}
