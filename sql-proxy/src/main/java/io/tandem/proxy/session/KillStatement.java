package io.tandem.proxy.session;

import io.tandem.proxy.routing.Keyword;
import io.tandem.proxy.routing.SqlLexer;
import io.tandem.proxy.routing.TokenKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code KILL [CONNECTION | QUERY] id}, recognised with the SQL lexer so that the id, which names a proxy
 * connection, can be mapped to the backend thread serving it.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/kill.html">KILL statement</a>
 */
public record KillStatement(long connectionId, boolean queryOnly) {

    public static Optional<KillStatement> parse(String sql) {
        List<String> words = new ArrayList<>(4);
        SqlLexer lexer = new SqlLexer(sql);
        for (TokenKind kind = lexer.next(); kind != TokenKind.END; kind = lexer.next()) {
            switch (kind) {
                case COMMENT, OPTIMIZER_HINT -> {
                }
                case SEMICOLON -> {
                    if (!onlyTrailing(lexer)) {
                        return Optional.empty();
                    }
                    return of(words);
                }
                case WORD -> words.add(lexer.keyword() == Keyword.KILL ? "KILL" : lexer.text().toString());
                case NUMBER -> words.add(lexer.text().toString());
                default -> {
                    return Optional.empty();
                }
            }
            if (words.size() > 3) {
                return Optional.empty();
            }
        }
        return of(words);
    }

    /** Nothing but comments and semicolons after the statement. */
    private static boolean onlyTrailing(SqlLexer lexer) {
        for (TokenKind kind = lexer.next(); kind != TokenKind.END; kind = lexer.next()) {
            if (kind != TokenKind.SEMICOLON && kind != TokenKind.COMMENT) {
                return false;
            }
        }
        return true;
    }

    private static Optional<KillStatement> of(List<String> words) {
        if (words.size() < 2 || !words.get(0).equals("KILL")) {
            return Optional.empty();
        }
        String modifier = words.size() == 3 ? words.get(1).toUpperCase(java.util.Locale.ROOT) : "CONNECTION";
        if (!(modifier.equals("QUERY") || modifier.equals("CONNECTION"))) {
            return Optional.empty();
        }
        try {
            long id = Long.parseLong(words.get(words.size() - 1));
            return id < 0 ? Optional.empty() : Optional.of(new KillStatement(id, modifier.equals("QUERY")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
