package io.tandem.proxy.routing;

import java.util.Objects;

/**
 * A table as a statement names it, quotes removed, case kept (whether case matters is the server's
 * {@code lower_case_table_names}).
 *
 * @param schema the schema written before the dot, or {@code null} for the session's current schema
 * @param name   the table name
 */
public record TableName(String schema, String name) {

    public TableName {
        Objects.requireNonNull(name, "name");
    }

    public static TableName of(String name) {
        return new TableName(null, name);
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + '.' + name;
    }
}
