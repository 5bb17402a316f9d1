package io.tandem.it.conformance;

import java.util.Arrays;
import java.util.Optional;

/**
 * The commands a script can send besides statements, each with its directive.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_command_phase.html">Command phase</a>
 */
enum CommandKind {
    PING("--ping", 0x0E),
    INIT_DB("--init-db", 0x02),
    FIELD_LIST("--field-list", 0x04),
    SET_OPTION("--set-option", 0x1B),
    RESET_CONNECTION("--reset-connection", 0x1F),
    CHANGE_USER("--change-user", 0x11);

    private final String directive;
    private final int code;

    CommandKind(String directive, int code) {
        this.directive = directive;
        this.code = code;
    }

    String directive() {
        return directive;
    }

    int code() {
        return code;
    }

    static Optional<CommandKind> ofDirective(String directive) {
        return Arrays.stream(values()).filter(k -> k.directive.equals(directive)).findFirst();
    }
}
