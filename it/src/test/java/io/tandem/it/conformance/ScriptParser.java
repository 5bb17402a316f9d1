package io.tandem.it.conformance;

import io.tandem.topology.flavor.Flavor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the conformance script format, mysqltest-like: a statement ends with the delimiter ({@code ;} unless
 * {@code --delimiter} changed it) at the end of a line and is sent as one COM_QUERY (so {@code SELECT 1; SELECT 2;}
 * on one line is one multi-statement); lines starting with {@code #} are comments; directives start with
 * {@code --}. Header directives: {@code --capabilities legacy,modern,tls,compressed}, {@code --multi-statements},
 * {@code --mysql-only}, {@code --mariadb-only}, {@code --no-schema}, {@code --compare-login}, {@code --isolated}.
 * Modifiers of the next statement: {@code --warnings}, {@code --binary [params]}, {@code --cursor N [params]},
 * {@code --prepare}, {@code --infile-data a|b}; and of the next {@code --binary} or {@code --cursor} statement,
 * in the order written, sent between its COM_STMT_PREPARE and its COM_STMT_EXECUTE: {@code --long-data N text}
 * (COM_STMT_SEND_LONG_DATA of {@code text}, the rest of the line, for parameter N counted from 0; the execution
 * sends no value for that parameter, so its place in the parameter list only gives its type) and
 * {@code --stmt-reset} (COM_STMT_RESET). Commands: see {@link CommandKind}. The format is described for authors in
 * {@code docs/CONFORMANCE.md}.
 */
final class ScriptParser {

    private final String name;
    private List<ClientProfile> profiles = List.of(ClientProfile.LEGACY, ClientProfile.MODERN);
    private boolean multiStatements;
    private Optional<Flavor> onlyFlavor = Optional.empty();
    private boolean withSchema = true;
    private boolean compareLogin;
    private boolean isolated;
    private final List<Step> steps = new ArrayList<>();
    private String delimiter = ";";
    private final StringBuilder pending = new StringBuilder();
    private int pendingLine;
    private Modifier modifier = Modifier.NONE;

    /** What the directives before a statement asked for it. */
    private record Modifier(boolean warnings, String binary, int fetchRows, boolean prepareOnly, String infileData,
                            List<Step.BeforeExecute> beforeExecute) {
        static final Modifier NONE = new Modifier(false, null, 0, false, "", List.of());

        Modifier withWarnings() {
            return new Modifier(true, binary, fetchRows, prepareOnly, infileData, beforeExecute);
        }

        /** The binary protocol: {@code parameters}, a cursor when {@code fetchRows} is positive. */
        Modifier withBinary(String parameters, int fetch, boolean prepare) {
            return new Modifier(warnings, parameters, fetch, prepare, "", beforeExecute);
        }

        Modifier withInfileData(String data) {
            return new Modifier(warnings, null, 0, false, data, beforeExecute);
        }

        Modifier then(Step.BeforeExecute command) {
            List<Step.BeforeExecute> commands = new ArrayList<>(beforeExecute);
            commands.add(command);
            return new Modifier(warnings, binary, fetchRows, prepareOnly, infileData, List.copyOf(commands));
        }
    }

    private ScriptParser(String name) {
        this.name = name;
    }

    static Script parse(String name, String text) {
        ScriptParser parser = new ScriptParser(name);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            parser.line(i + 1, lines[i].stripTrailing());
        }
        if (!parser.pending.isEmpty()) {
            throw new IllegalArgumentException(name + ":" + parser.pendingLine + ": statement without its delimiter "
                    + parser.delimiter);
        }
        return new Script(name, parser.profiles, parser.multiStatements, parser.onlyFlavor,
                new Script.Options(parser.withSchema, parser.compareLogin, parser.isolated), List.copyOf(parser.steps));
    }

    private void line(int number, String line) {
        if (pending.isEmpty() && (line.isBlank() || line.startsWith("#"))) {
            return;
        }
        if (pending.isEmpty() && line.startsWith("--")) {
            directive(number, line);
            return;
        }
        if (pending.isEmpty()) {
            pendingLine = number;
        } else {
            pending.append('\n');
        }
        pending.append(line);
        if (line.endsWith(delimiter)) {
            String sql = pending.substring(0, pending.length() - delimiter.length()).strip();
            pending.setLength(0);
            statement(pendingLine, sql);
        }
    }

    private void statement(int line, String sql) {
        Modifier m = modifier;
        modifier = Modifier.NONE;
        if (m.binary() != null) {
            if (m.prepareOnly() && !m.beforeExecute().isEmpty()) {
                throw new IllegalArgumentException(name + ":" + line + ": --long-data and --stmt-reset need an"
                        + " execution (--binary or --cursor), not --prepare");
            }
            steps.add(new Step.Binary(line, sql, Parameter.parseList(m.binary()), m.fetchRows(), m.prepareOnly(),
                    m.warnings(), m.beforeExecute()));
        } else if (!m.beforeExecute().isEmpty()) {
            throw new IllegalArgumentException(name + ":" + line + ": --long-data and --stmt-reset apply to a --binary"
                    + " or --cursor statement");
        } else {
            steps.add(new Step.Query(line, sql, m.warnings(), m.infileData()));
        }
    }

    /** {@code N text}: the parameter's number and the rest of the line. */
    private Step.BeforeExecute.LongData longData(int line, String rest) {
        String[] parts = rest.split(" ", 2);
        if (parts.length < 2 || !parts[0].matches("\\d+")) {
            throw new IllegalArgumentException(name + ":" + line + ": --long-data wants a parameter number and text");
        }
        return new Step.BeforeExecute.LongData(Integer.parseInt(parts[0]), parts[1]);
    }

    private void directive(int line, String text) {
        String[] parts = text.split("\\s+", 2);
        String rest = parts.length > 1 ? parts[1].strip() : "";
        switch (parts[0]) {
            case "--capabilities" -> profiles = Arrays.stream(rest.split(",")).map(ClientProfile::of).toList();
            case "--multi-statements" -> multiStatements = true;
            case "--mysql-only" -> onlyFlavor = Optional.of(Flavor.MYSQL);
            case "--mariadb-only" -> onlyFlavor = Optional.of(Flavor.MARIADB);
            case "--no-schema" -> withSchema = false;
            case "--compare-login" -> compareLogin = true;
            case "--isolated" -> isolated = true;
            case "--delimiter" -> delimiter = rest;
            case "--warnings" -> modifier = modifier.withWarnings();
            case "--binary" -> modifier = modifier.withBinary(rest, 0, false);
            case "--prepare" -> modifier = modifier.withBinary("", 0, true);
            case "--cursor" -> {
                String[] fetch = rest.split("\\s+", 2);
                modifier = modifier.withBinary(fetch.length > 1 ? fetch[1] : "", Integer.parseInt(fetch[0]), false);
            }
            case "--infile-data" -> modifier = modifier.withInfileData(rest.replace('|', '\n') + "\n");
            case "--long-data" -> modifier = modifier.then(longData(line, rest));
            case "--stmt-reset" -> modifier = modifier.then(new Step.BeforeExecute.Reset());
            default -> steps.add(new Step.Command(line, CommandKind.ofDirective(parts[0]).orElseThrow(
                    () -> new IllegalArgumentException(name + ":" + line + ": unknown directive " + parts[0])),
                    rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"))));
        }
    }
}
