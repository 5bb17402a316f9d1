package io.tandem.app.command;

import io.tandem.proxy.routing.RoutingPolicy;
import io.tandem.proxy.routing.RoutingPolicy.Explanation;
import io.tandem.proxy.routing.RoutingSettings;
import io.tandem.proxy.routing.SqlMode;
import io.tandem.proxy.routing.StatementClassifier;
import io.tandem.proxy.routing.TableName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code tandem explain-route "SQL"}: where the proxy would send a statement and why, with the same classifier and
 * rules the proxy runs; the reason is the one its debug log and {@code tandem_proxy_queries_total{reason}} show.
 */
@Command(name = "explain-route", mixinStandardHelpOptions = true,
        description = "Shows where the Tandem proxy sends a statement (primary or a replica) and why.")
public final class ExplainRouteCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SQL", arity = "1..*", description = "the statement (quote it for the shell)")
    private List<String> sql;

    @Option(names = "--in-transaction", description = "as if the session had a transaction open")
    private boolean inTransaction;

    @Option(names = "--autocommit-off", description = "as if the session had run SET autocommit = 0")
    private boolean autocommitOff;

    @Option(names = "--sql-mode", paramLabel = "MODE", description = "the session's sql_mode (ANSI_QUOTES and"
            + " NO_BACKSLASH_ESCAPES change how the statement is read)")
    private String sqlMode;

    @Option(names = "--read-only-transactions", description = "as with proxy.routing.readOnlyTransactions: true")
    private boolean readOnlyTransactions;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        String text = String.join(" ", sql);
        StatementClassifier classifier = new StatementClassifier();
        SqlMode mode = sqlMode == null ? SqlMode.DEFAULT : SqlMode.of(sqlMode);
        RoutingSettings settings = RoutingSettings.DEFAULTS.withReadOnlyTransactions(readOnlyTransactions);
        Explanation explanation = RoutingPolicy.explain(classifier, text, mode, settings, !autocommitOff,
                inTransaction);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("route:  %s%n", explanation.route().label());
        out.printf("reason: %s (%s)%n", explanation.reason().label(), explanation.reason().description());
        if (explanation.classification().statementCount() > 1) {
            out.printf("statements: %d%n", explanation.classification().statementCount());
        }
        List<TableName> tables = classifier.referencedTables(text, mode);
        if (!tables.isEmpty()) {
            out.printf("tables: %s%n", tables.stream().map(TableName::toString).collect(Collectors.joining(", ")));
        }
        explanation.notes().forEach(note -> out.printf("note:   %s%n", note));
        out.flush();
        return 0;
    }
}
