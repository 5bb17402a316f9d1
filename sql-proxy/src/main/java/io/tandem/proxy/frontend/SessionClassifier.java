package io.tandem.proxy.frontend;

import io.tandem.proxy.routing.Classification;
import io.tandem.proxy.routing.Reason;
import io.tandem.proxy.routing.Router;
import io.tandem.proxy.routing.RoutingPolicy;
import io.tandem.proxy.routing.SqlMode;
import io.tandem.proxy.session.SessionState;

/**
 * Classifies one session's statements: lexed under its sql_mode (ANSI_QUOTES and NO_BACKSLASH_ESCAPES change
 * lexing), and placed for what the session did before (its own DDL). Owned by one session, on its event loop.
 */
final class SessionClassifier {

    private final Router router;
    private String sqlModeText;
    private SqlMode sqlMode = SqlMode.DEFAULT;
    /** The session ran DDL (see {@link #definedSchema()}). */
    private boolean definedSchema;

    SessionClassifier(Router router) {
        this.router = router;
    }

    /** Classifies a statement under the sql_mode of {@code state}. */
    Classification classify(CharSequence sql, SessionState state) {
        String mode = state.variables().get("sql_mode");
        if (mode != sqlModeText) {
            sqlModeText = mode;
            sqlMode = mode == null ? SqlMode.DEFAULT : SqlMode.of(mode);
        }
        return router.classifier().classify(sql, sqlMode);
    }

    /** The reason a statement is placed for, under this proxy's routing settings. */
    Reason reasonFor(Classification classification) {
        Reason reason = RoutingPolicy.statementReason(classification, router.settings());
        if (reason == Reason.DDL) {
            definedSchema = true;
        } else if (definedSchema && (reason == Reason.SHOW || reason == Reason.EXPLAIN)) {
            // a replica's applier may have made it differently (its own default engine …): ask where it was made
            return Reason.OWN_DEFINITIONS;
        }
        return reason;
    }

    /**
     * Whether this session ran DDL: its reads of the data dictionary then go to the primary, where it ran, since a
     * replica's copy of a definition can differ (a replica does not inherit the session's default_storage_engine).
     */
    boolean definedSchema() {
        return definedSchema;
    }
}
