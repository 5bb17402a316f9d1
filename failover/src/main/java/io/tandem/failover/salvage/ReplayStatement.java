package io.tandem.failover.salvage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row event as a parameterised statement for the new primary: identifiers are quoted into the SQL, values are
 * only ever bound as parameters, so no value needs escaping and {@code NO_BACKSLASH_ESCAPES} cannot change meaning.
 *
 * @param parameters values in placeholder order; may hold {@code null}
 * @param onlyOneRow an UPDATE or DELETE by primary key must find exactly one row, else the candidate diverged
 */
public record ReplayStatement(String sql, List<Object> parameters, boolean onlyOneRow) {

    public ReplayStatement {
        // List.copyOf refuses nulls, and SQL NULL is a value here
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }
}
