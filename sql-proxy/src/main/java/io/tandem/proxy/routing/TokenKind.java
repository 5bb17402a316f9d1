package io.tandem.proxy.routing;

/**
 * What a {@link SqlLexer} token is.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/language-structure.html">Language structure</a>
 */
public enum TokenKind {
    /** An unquoted identifier or keyword, including one that starts with a digit ({@code 1st_table}). */
    WORD,
    /** A backquoted identifier, or a double-quoted one under ANSI_QUOTES. */
    QUOTED_IDENTIFIER,
    /** A quoted string, including {@code X'0F'}, {@code B'01'} and {@code N'text'}. */
    STRING,
    NUMBER,
    /** An operator or punctuation: {@code ( ) , . = := <=> ->> …}. */
    OPERATOR,
    /** {@code @name}, {@code @'name'}, {@code @`name`}. */
    USER_VARIABLE,
    /** {@code @@name}, {@code @@session.name}, {@code @@global.name}. */
    SYSTEM_VARIABLE,
    /** A {@code ?} parameter marker. */
    PLACEHOLDER,
    /** The {@code ;} between the statements of a multi-statement. */
    SEMICOLON,
    /** {@code # …}, {@code -- …} or a plain block comment. */
    COMMENT,
    /** An optimizer hint comment, {@code /*+ … *}{@code /}. */
    OPTIMIZER_HINT,
    /** An unterminated string, identifier or comment; {@link SqlLexer#error()} says which. Nothing follows it. */
    ERROR,
    /** The end of the text. */
    END
}
