package io.tandem.proxy.routing;

import static io.tandem.proxy.routing.SqlCharacter.isCommentSpace;
import static io.tandem.proxy.routing.SqlCharacter.isDigit;
import static io.tandem.proxy.routing.SqlCharacter.isIdentifierPart;
import static io.tandem.proxy.routing.SqlCharacter.isLiteralPrefix;
import static io.tandem.proxy.routing.SqlCharacter.isTwoCharOperator;
import static io.tandem.proxy.routing.SqlCharacter.isWhitespace;

/**
 * Splits MySQL statement text into tokens, one {@link #next()} at a time, the way the server's own lexer does as
 * far as routing needs: comments ({@code # …}, {@code -- …} only when a space or control character follows the
 * dashes, {@code /* … *}{@code /}), optimizer hints ({@code /*+ … *}{@code /}), versioned comments
 * ({@code /*!80000 … *}{@code /} and {@code /*! … *}{@code /}) whose content is lexed as code because the server
 * runs it (whatever the version: seeing code the server would skip can only send a statement to the primary),
 * backquoted identifiers, strings with backslash escapes and doubled quotes, ANSI_QUOTES, user and system
 * variables, placeholders and the {@code ;} of multi-statements.
 *
 * <p>A token is a kind and a range of the text; nothing is copied unless {@link #text()} is asked for, and keywords
 * are matched case-insensitively from a hash computed while scanning. An unterminated string, identifier or
 * comment ends the text with one {@link TokenKind#ERROR} token instead of an exception. Not thread-safe: one lexer
 * reads one text once.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/comments.html">Comments</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/string-literals.html">String literals</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/identifiers.html">Identifiers</a>
 */
public final class SqlLexer {

    private static final char NONE = '\0';

    private final CharSequence sql;
    private final int length;
    private final boolean ansiQuotes;
    private final boolean backslashEscapes;

    private int pos;
    private TokenKind kind;
    private int start;
    private int nameStart;
    private int nameHash;
    private int scopeEnd = -1;
    private int scopeHash;
    private Keyword keyword;
    private boolean inVersionedComment;
    private LexError error;

    public SqlLexer(CharSequence sql) {
        this(sql, SqlMode.DEFAULT);
    }

    public SqlLexer(CharSequence sql, SqlMode mode) {
        this.sql = sql;
        this.length = sql.length();
        this.ansiQuotes = mode.ansiQuotes();
        this.backslashEscapes = !mode.noBackslashEscapes();
    }

    /** Moves to the next token and returns its kind; after {@link TokenKind#END} or {@link TokenKind#ERROR}, END. */
    public TokenKind next() {
        keyword = null;
        if (kind == TokenKind.END || kind == TokenKind.ERROR) {
            start = length;
            kind = TokenKind.END;
            return kind;
        }
        scopeEnd = -1;
        kind = scan();
        return kind;
    }

    /** The current token's kind; {@code null} before the first {@link #next()}. */
    public TokenKind kind() {
        return kind;
    }

    /** Index of the token's first character. */
    public int start() {
        return start;
    }

    /** Index just past the token's last character. */
    public int end() {
        return kind == TokenKind.END ? length : pos;
    }

    /** Why lexing stopped at an {@link TokenKind#ERROR} token; {@code null} otherwise. */
    public LexError error() {
        return error;
    }

    /** The token's text (a view of the statement for a {@code String}; other sequences may copy). */
    public CharSequence text() {
        return sql.subSequence(start, end());
    }

    /** The keyword a {@link TokenKind#WORD} spells, else {@link Keyword#OTHER}. */
    public Keyword keyword() {
        if (keyword == null) {
            keyword = kind == TokenKind.WORD ? Keyword.lookup(sql, start, pos, nameHash) : Keyword.OTHER;
        }
        return keyword;
    }

    /** For a system variable, the keyword its name spells: AUTOCOMMIT for {@code @@session.autocommit}. */
    public Keyword variableName() {
        return kind == TokenKind.SYSTEM_VARIABLE ? Keyword.lookup(sql, nameStart, pos, nameHash) : Keyword.OTHER;
    }

    /** For {@code @@global.x}, {@code @@session.x} …: GLOBAL, SESSION, LOCAL, PERSIST, PERSIST_ONLY; else OTHER. */
    public Keyword variableScope() {
        return kind == TokenKind.SYSTEM_VARIABLE && scopeEnd >= 0
                ? Keyword.lookup(sql, start + 2, scopeEnd, scopeHash) : Keyword.OTHER;
    }

    /** Whether the token is the one-character operator {@code c}. */
    public boolean isOperator(char c) {
        return kind == TokenKind.OPERATOR && pos - start == 1 && sql.charAt(start) == c;
    }

    /** Whether the token is the operator {@code op}, e.g. {@code ":="}. */
    public boolean isOperator(String op) {
        return kind == TokenKind.OPERATOR && textEqualsIgnoreCase(start, pos, op);
    }

    /** The token's value compared without case: a string's content between its quotes, else the token's text. */
    public boolean valueEqualsIgnoreCase(String value) {
        if (kind == TokenKind.STRING && pos - start >= 2 && sql.charAt(start) == sql.charAt(pos - 1)) {
            return textEqualsIgnoreCase(start + 1, pos - 1, value);
        }
        return textEqualsIgnoreCase(start, end(), value);
    }

    private boolean textEqualsIgnoreCase(int from, int to, String value) {
        if (to - from != value.length()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.toUpperCase(sql.charAt(from + i)) != Character.toUpperCase(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private TokenKind scan() {
        while (true) {
            skipWhitespace();
            start = pos;
            if (pos >= length) {
                return inVersionedComment ? fail(LexError.UNTERMINATED_VERSIONED_COMMENT) : TokenKind.END;
            }
            char c = sql.charAt(pos);
            if (c == '/' && peek(1) == '*' && peek(2) == '!') {
                openVersionedComment();
            } else if (c == '*' && inVersionedComment && peek(1) == '/') {
                // the server drops the markers of a versioned comment and runs what is between them
                pos += 2;
                inVersionedComment = false;
            } else {
                return token(c);
            }
        }
    }

    private TokenKind token(char c) {
        return switch (c) {
            case '\'' -> quoted(c, TokenKind.STRING);
            case '"' -> quoted(c, ansiQuotes ? TokenKind.QUOTED_IDENTIFIER : TokenKind.STRING);
            case '`' -> quoted(c, TokenKind.QUOTED_IDENTIFIER);
            case '#' -> lineComment();
            case '-' -> peek(1) == '-' && isCommentSpace(peek(2)) ? lineComment() : operator();
            case '/' -> peek(1) == '*' ? blockComment() : operator();
            case '@' -> variable();
            case '?' -> single(TokenKind.PLACEHOLDER);
            case ';' -> single(TokenKind.SEMICOLON);
            case '.' -> isDigit(peek(1)) && !followsName() ? number() : single(TokenKind.OPERATOR);
            default -> isDigit(c) ? number() : isIdentifierPart(c) ? word() : operator();
        };
    }

    private TokenKind single(TokenKind singleKind) {
        pos++;
        return singleKind;
    }

    private TokenKind quoted(char quote, TokenKind quotedKind) {
        int close = closingQuote(pos, quote, quotedKind == TokenKind.STRING && backslashEscapes);
        if (close < 0) {
            return fail(quotedKind == TokenKind.STRING
                    ? LexError.UNTERMINATED_STRING : LexError.UNTERMINATED_QUOTED_IDENTIFIER);
        }
        pos = close;
        return quotedKind;
    }

    /** Index just past the quote that closes the one at {@code open}, or -1; a doubled quote stands for one. */
    private int closingQuote(int open, char quote, boolean escapes) {
        int i = open + 1;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\\' && escapes) {
                i += 2;
            } else if (c != quote) {
                i++;
            } else if (i + 1 < length && sql.charAt(i + 1) == quote) {
                i += 2;
            } else {
                return i + 1;
            }
        }
        return -1;
    }

    private TokenKind lineComment() {
        while (pos < length && sql.charAt(pos) != '\n') {
            pos++;
        }
        return TokenKind.COMMENT;
    }

    private TokenKind blockComment() {
        TokenKind commentKind = peek(2) == '+' ? TokenKind.OPTIMIZER_HINT : TokenKind.COMMENT;
        for (int i = pos + 2; i + 1 < length; i++) {
            if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
                pos = i + 2;
                return commentKind;
            }
        }
        return fail(LexError.UNTERMINATED_COMMENT);
    }

    /** {@code /*!} and an optional 5-digit version (6 in newer servers); the content that follows is code. */
    private void openVersionedComment() {
        pos += 3;
        int digits = 0;
        while (digits < 6 && isDigit(peek(digits))) {
            digits++;
        }
        if (digits >= 5) {
            pos += digits;
        }
        inVersionedComment = true;
    }

    private TokenKind variable() {
        char first = peek(1);
        if (first == '@') {
            return systemVariable();
        }
        if (first == '\'' || first == '"' || first == '`') {
            int close = closingQuote(pos + 1, first, first != '`' && backslashEscapes);
            if (close < 0) {
                return fail(first == '`' ? LexError.UNTERMINATED_QUOTED_IDENTIFIER : LexError.UNTERMINATED_STRING);
            }
            pos = close;
            return TokenKind.USER_VARIABLE;
        }
        if (!isIdentifierPart(first) && first != '.') {
            return single(TokenKind.OPERATOR);
        }
        pos++;
        while (pos < length && (isIdentifierPart(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
            pos++;
        }
        return TokenKind.USER_VARIABLE;
    }

    private TokenKind systemVariable() {
        if (!isIdentifierPart(peek(2))) {
            pos += 2;
            return TokenKind.OPERATOR;
        }
        pos += 2;
        scanName();
        if (peek(0) == '.' && isIdentifierPart(peek(1))) {
            scopeEnd = pos;
            scopeHash = nameHash;
            pos++;
            scanName();
        }
        return TokenKind.SYSTEM_VARIABLE;
    }

    private TokenKind word() {
        if (pos + 1 < length && sql.charAt(pos + 1) == '\'' && isLiteralPrefix(sql.charAt(pos))) {
            pos++;
            return quoted('\'', TokenKind.STRING);
        }
        scanName();
        return TokenKind.WORD;
    }

    private void scanName() {
        nameStart = pos;
        int hash = 0;
        while (pos < length) {
            char c = sql.charAt(pos);
            if (!isIdentifierPart(c)) {
                break;
            }
            hash = Keyword.hash(hash, c);
            pos++;
        }
        nameHash = hash;
    }

    /** A number, or an identifier that starts with digits ({@code 1t} is a legal table name). */
    private TokenKind number() {
        int begin = pos;
        if (peek(0) == '0' && (peek(1) == 'x' || peek(1) == 'b')) {
            pos += 2;
            skipIdentifierPart();
            return TokenKind.NUMBER;
        }
        skipDigits();
        boolean integer = true;
        if (peek(0) == '.') {
            integer = false;
            pos++;
            skipDigits();
        }
        if (exponentFollows()) {
            pos += 2;
            skipDigits();
        } else if (integer && isIdentifierPart(peek(0))) {
            pos = begin;
            return word();
        }
        return TokenKind.NUMBER;
    }

    /** {@code e5}, {@code E+5}, {@code e-5}; {@code 1e} alone starts a name. */
    private boolean exponentFollows() {
        char e = peek(0);
        char sign = peek(1);
        return (e == 'e' || e == 'E') && (isDigit(sign) || ((sign == '+' || sign == '-') && isDigit(peek(2))));
    }

    private boolean followsName() {
        return kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENTIFIER;
    }

    private TokenKind operator() {
        char c = sql.charAt(pos);
        char d = peek(1);
        if ((c == '<' && d == '=' && peek(2) == '>') || (c == '-' && d == '>' && peek(2) == '>')) {
            pos += 3;
        } else if (isTwoCharOperator(c, d)) {
            pos += 2;
        } else {
            pos++;
        }
        return TokenKind.OPERATOR;
    }

    private TokenKind fail(LexError why) {
        error = why;
        pos = length;
        return TokenKind.ERROR;
    }

    private void skipWhitespace() {
        while (pos < length && isWhitespace(sql.charAt(pos))) {
            pos++;
        }
    }

    private void skipDigits() {
        while (pos < length && isDigit(sql.charAt(pos))) {
            pos++;
        }
    }

    private void skipIdentifierPart() {
        while (pos < length && isIdentifierPart(sql.charAt(pos))) {
            pos++;
        }
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < length ? sql.charAt(i) : NONE;
    }
}
