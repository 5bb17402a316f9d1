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
 * {@code --}. Header directives: {@code --capabilities legacy,modern}, {@code --multi-statements},
 * {@code --mysql-only}, {@code --mariadb-only}, {@code --no-schema}, {@code --compare-login}, {@code --isolated}. Modifiers of the next statement: {@code --warnings},
 * {@code --binary [params]}, {@code --cursor N [params]}, {@code --prepare}, {@code --infile-data a|b}.
 * Commands: see {@link CommandKind}. The format is described for authors in {@code docs/CONFORMANCE.md}.
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
    private record Modifier(boolean warnings, String binary, int fetchRows, boolean prepareOnly, String infileData) {
        static final Modifier NONE = new Modifier(false, null, 0, false, "");
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
            steps.add(new Step.Binary(line, sql, Parameter.parseList(m.binary()), m.fetchRows(), m.prepareOnly(),
                    m.warnings()));
        } else {
            steps.add(new Step.Query(line, sql, m.warnings(), m.infileData()));
        }
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
            case "--warnings" -> modifier = new Modifier(true, modifier.binary(), modifier.fetchRows(),
                    modifier.prepareOnly(), modifier.infileData());
            case "--binary" -> modifier = new Modifier(modifier.warnings(), rest, 0, false, "");
            case "--prepare" -> modifier = new Modifier(modifier.warnings(), "", 0, true, "");
            case "--cursor" -> {
                String[] fetch = rest.split("\\s+", 2);
                modifier = new Modifier(modifier.warnings(), fetch.length > 1 ? fetch[1] : "",
                        Integer.parseInt(fetch[0]), false, "");
            }
            case "--infile-data" -> modifier = new Modifier(modifier.warnings(), null, 0, false,
                    rest.replace('|', '\n') + "\n");
            default -> steps.add(new Step.Command(line, CommandKind.ofDirective(parts[0]).orElseThrow(
                    () -> new IllegalArgumentException(name + ":" + line + ": unknown directive " + parts[0])),
                    rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"))));
        }
    }
}
