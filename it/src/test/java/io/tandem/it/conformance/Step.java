package io.tandem.it.conformance;

import java.util.List;

/** One thing a script does on its session, with the script line it came from (for the report). */
sealed interface Step {

    int line();

    /** How the report names it: its line and a short text. */
    String label();

    /** A COM_QUERY; {@code warnings} follows it with its own SHOW WARNINGS; {@code infileData} answers LOCAL INFILE. */
    record Query(int line, String sql, boolean warnings, String infileData) implements Step {
        @Override
        public String label() {
            return "L" + line + " " + abbreviate(sql);
        }
    }

    /**
     * COM_STMT_PREPARE, then (unless {@code prepareOnly}) the {@code beforeExecute} commands in order and
     * COM_STMT_EXECUTE with {@code parameters} (through a read-only cursor and COM_STMT_FETCH of {@code fetchRows}
     * rows at a time when that is positive), then COM_STMT_CLOSE.
     */
    record Binary(int line, String sql, List<Parameter> parameters, int fetchRows, boolean prepareOnly,
                  boolean warnings, List<BeforeExecute> beforeExecute) implements Step {
        @Override
        public String label() {
            return "L" + line + " [" + (prepareOnly ? "prepare" : fetchRows > 0 ? "cursor" : "binary") + "] "
                    + abbreviate(sql);
        }
    }

    /** A command on a prepared statement between its COM_STMT_PREPARE and its COM_STMT_EXECUTE. */
    sealed interface BeforeExecute {
        /**
         * COM_STMT_SEND_LONG_DATA (no answer): {@code data} appended to parameter {@code parameter} (0-based); the
         * execution then sends no value for it.
         */
        record LongData(int parameter, String data) implements BeforeExecute {
        }

        /** COM_STMT_RESET: the long data sent so far is dropped (and a cursor closed); answered with OK or ERR. */
        record Reset() implements BeforeExecute {
        }
    }

    /** A command other than a statement: COM_PING, COM_INIT_DB, COM_FIELD_LIST and so on. */
    record Command(int line, CommandKind kind, List<String> arguments) implements Step {
        @Override
        public String label() {
            return "L" + line + " " + kind.directive() + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments));
        }
    }

    private static String abbreviate(String sql) {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() <= 70 ? flat : flat.substring(0, 67) + "...";
    }
}
