package io.tandem.proxy.routing;

/** Why a {@link SqlLexer} stopped before the end of the text. The server would reject such a statement too. */
public enum LexError {
    UNTERMINATED_STRING,
    UNTERMINATED_QUOTED_IDENTIFIER,
    UNTERMINATED_COMMENT,
    /** A {@code /*!} comment whose closing {@code *}{@code /} never came. */
    UNTERMINATED_VERSIONED_COMMENT
}
