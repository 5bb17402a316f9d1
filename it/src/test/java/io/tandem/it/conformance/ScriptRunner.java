package io.tandem.it.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one script on one endpoint (a server directly, or the proxy) and records what the client received. A
 * closed connection or a silent server ends the script there, recorded as such: both passes are then compared up
 * to that point.
 */
final class ScriptRunner {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_FETCHES = 50;
    private static final Pattern REPEAT = Pattern.compile("\\$\\{repeat:(\\d+):([^}]*)}");

    private final List<Exchange> exchanges = new ArrayList<>();
    private final Login login;
    private final String schema;

    private ScriptRunner(Login login, String schema) {
        this.login = login;
        this.schema = schema;
    }

    /**
     * The transcript of {@code script} run on 127.0.0.1:{@code port} as {@code login}, in {@code schema}; the
     * login's answer is part of it only when the script compares logins.
     */
    static Transcript run(Script script, int port, Login login, String schema) throws IOException {
        ScriptRunner runner = new ScriptRunner(login, schema);
        List<Received> loginAnswer = new ArrayList<>();
        try (RawSession session = RawSession.open(port, login, READ_TIMEOUT, loginAnswer)) {
            if (script.options().compareLogin()) {
                runner.exchanges.add(new Exchange("login", loginAnswer));
            }
            if (loginAnswer.get(loginAnswer.size() - 1).role() == Role.OK) {
                runner.steps(session, script.steps());
            }
            return new Transcript(session.negotiated(Capability.SESSION_TRACK), List.copyOf(runner.exchanges),
                    session.transport());
        }
    }

    private void steps(RawSession session, List<Step> steps) {
        for (Step step : steps) {
            try {
                if (!step(session, step)) {
                    return;
                }
            } catch (IOException e) {
                exchanges.add(new Exchange(step.label(), List.of(Received.none(Role.CLOSED))));
                return;
            }
        }
    }

    /** Runs one step; whether the session is still usable. */
    private boolean step(RawSession session, Step step) throws IOException {
        if (step instanceof Step.Query q) {
            return record(q.label(), session.query(substitute(q.sql()), q.infileData()))
                    && (!q.warnings() || record(q.label() + " / SHOW WARNINGS", session.query("SHOW WARNINGS", "")));
        }
        if (step instanceof Step.Binary b) {
            return binary(session, b);
        }
        Step.Command c = (Step.Command) step;
        return record(c.label(), session.command(c.kind(), c.arguments().stream().map(this::substitute).toList(),
                login));
    }

    /**
     * The script's text with {@code ${schema}}, {@code ${user}} and {@code ${password}} filled in, and each
     * {@code ${repeat:N:text}} replaced by {@code text} N times (statements and values too long to write out).
     */
    private String substitute(String text) {
        return substitute(text, schema, login);
    }

    static String substitute(String text, String schema, Login login) {
        String named = text.replace("${schema}", schema).replace("${user}", login.user())
                .replace("${password}", login.password());
        return REPEAT.matcher(named).replaceAll(m -> Matcher.quoteReplacement(
                m.group(2).repeat(Integer.parseInt(m.group(1)))));
    }

    private boolean binary(RawSession session, Step.Binary step) throws IOException {
        List<Received> prepared = session.prepare(substitute(step.sql()));
        if (!record(step.label() + " / prepare", prepared) || prepared.get(0).role() != Role.PREPARE_OK) {
            return prepared.get(0).role() != Role.CLOSED && prepared.get(0).role() != Role.TIMEOUT;
        }
        long id = new PayloadReader(prepared.get(0).packet().payload(), 1).int4();
        if (!step.prepareOnly()) {
            Set<Integer> longData = new HashSet<>();
            for (Step.BeforeExecute command : step.beforeExecute()) {
                if (command instanceof Step.BeforeExecute.LongData piece) {
                    session.sendLongData(id, piece.parameter(), substitute(piece.data()).getBytes(
                            StandardCharsets.UTF_8));
                    longData.add(piece.parameter());
                } else if (!record(step.label() + " / reset", session.resetStatement(id))) {
                    return false;
                } else {
                    longData.clear(); // the server forgets what was sent before the reset
                }
            }
            List<Received> executed = session.execute(id, step.parameters(), step.fetchRows() > 0, longData);
            if (!record(step.label() + " / execute", executed)) {
                return false;
            }
            if (step.fetchRows() > 0 && cursorOpen(executed) && !fetchAll(session, step, id)) {
                return false;
            }
            if (step.warnings() && !record(step.label() + " / SHOW WARNINGS", session.query("SHOW WARNINGS", ""))) {
                return false;
            }
        }
        session.closeStatement(id);
        return true;
    }

    private boolean fetchAll(RawSession session, Step.Binary step, long id) throws IOException {
        for (int i = 1; i <= MAX_FETCHES; i++) {
            List<Received> rows = session.fetch(id, step.fetchRows());
            if (!record(step.label() + " / fetch " + i, rows)) {
                return false;
            }
            Received last = rows.get(rows.size() - 1);
            if (last.role() == Role.ERR
                    || (ResponseReader.status(last) & Capability.STATUS_LAST_ROW_SENT) != 0) {
                return true;
            }
        }
        return true;
    }

    private static boolean cursorOpen(List<Received> executed) {
        Received last = executed.get(executed.size() - 1);
        return (ResponseReader.status(last) & Capability.STATUS_CURSOR_EXISTS) != 0;
    }

    /** Records an exchange; whether the session can go on (it was not closed and did not go silent). */
    private boolean record(String label, List<Received> received) {
        exchanges.add(new Exchange(label, received));
        Role last = received.isEmpty() ? Role.CLOSED : received.get(received.size() - 1).role();
        return last != Role.CLOSED && last != Role.TIMEOUT;
    }
}
