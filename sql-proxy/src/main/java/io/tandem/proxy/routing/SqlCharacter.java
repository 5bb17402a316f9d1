package io.tandem.proxy.routing;

/**
 * The character classes of MySQL's lexer, for {@link SqlLexer}. Identifier characters are ASCII letters, digits,
 * {@code _}, {@code $} and everything from U+0080 up, as the server allows in unquoted names.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/identifiers.html">Schema object names</a>
 */
final class SqlCharacter {

    private SqlCharacter() {
    }

    static boolean isTwoCharOperator(char c, char d) {
        return switch (c) {
            case '<' -> d == '=' || d == '>' || d == '<';
            case '>' -> d == '=' || d == '>';
            case '!', ':' -> d == '=';
            case '|' -> d == '|';
            case '&' -> d == '&';
            case '-' -> d == '>';
            default -> false;
        };
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** What the server accepts after {@code --}: whitespace or a control character, and the end of the text. */
    static boolean isCommentSpace(char c) {
        return c <= ' ' || c == 0x7F;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdentifierPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }

    static boolean isLiteralPrefix(char c) {
        return c == 'x' || c == 'X' || c == 'b' || c == 'B' || c == 'n' || c == 'N';
    }
}
