package io.tandem.proxy.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SqlLexerTest {

    private static final SqlMode ANSI = new SqlMode(true, false);
    private static final SqlMode NO_BACKSLASH = new SqlMode(false, true);

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("fragments")
    void tokenises(SqlMode mode, String sql, List<String> expected) {
        assertThat(tokens(sql, mode)).isEqualTo(expected);
    }

    static Stream<Arguments> fragments() {
        return Stream.of(
                lexes("SELECT a FROM t", "WORD SELECT", "WORD a", "WORD FROM", "WORD t"),
                lexes("  \t\r\n\f SELECT\n1  ", "WORD SELECT", "NUMBER 1"),
                // quoted identifiers
                lexes("`a``b`", "QUOTED_IDENTIFIER `a``b`"),
                lexes("`a\\`", "QUOTED_IDENTIFIER `a\\`"),
                lexes("db.`t`.c", "WORD db", "OPERATOR .", "QUOTED_IDENTIFIER `t`", "OPERATOR .", "WORD c"),
                // strings
                lexes("'it''s'", "STRING 'it''s'"),
                lexes("'a\\'b'", "STRING 'a\\'b'"),
                lexes("'a\\\\' x", "STRING 'a\\\\'", "WORD x"),
                lexes("\"say \"\"hi\"\"\"", "STRING \"say \"\"hi\"\"\""),
                lexes("\"a\\\"b\"", "STRING \"a\\\"b\""),
                lexes(ANSI, "\"col\" 'x'", "QUOTED_IDENTIFIER \"col\"", "STRING 'x'"),
                lexes(ANSI, "\"a\\\" b", "QUOTED_IDENTIFIER \"a\\\"", "WORD b"),
                lexes(NO_BACKSLASH, "'a\\' b", "STRING 'a\\'", "WORD b"),
                lexes("X'0F' x'ff' B'01' N'é' n'x'", "STRING X'0F'", "STRING x'ff'", "STRING B'01'", "STRING N'é'",
                        "STRING n'x'"),
                lexes("_utf8mb4'x'", "WORD _utf8mb4", "STRING 'x'"),
                lexes("x 'y'", "WORD x", "STRING 'y'"),
                // numbers and names that start with digits
                lexes("1 1.5 .5 1e10 1.5E-3 2e+4", "NUMBER 1", "NUMBER 1.5", "NUMBER .5", "NUMBER 1e10",
                        "NUMBER 1.5E-3", "NUMBER 2e+4"),
                lexes("0x1F 0b101", "NUMBER 0x1F", "NUMBER 0b101"),
                lexes("1abc 12_t", "WORD 1abc", "WORD 12_t"),
                lexes("t.5", "WORD t", "OPERATOR .", "NUMBER 5"),
                lexes("café naïve", "WORD café", "WORD naïve"),
                lexes("$x a$b", "WORD $x", "WORD a$b"),
                // operators
                lexes("a<=>b", "WORD a", "OPERATOR <=>", "WORD b"),
                lexes("@a:=1", "USER_VARIABLE @a", "OPERATOR :=", "NUMBER 1"),
                lexes("doc->>'$.a' doc->'$.b'", "WORD doc", "OPERATOR ->>", "STRING '$.a'", "WORD doc",
                        "OPERATOR ->", "STRING '$.b'"),
                lexes("a!=b<>c<=d>=e<<f>>g||h&&i", "WORD a", "OPERATOR !=", "WORD b", "OPERATOR <>", "WORD c",
                        "OPERATOR <=", "WORD d", "OPERATOR >=", "WORD e", "OPERATOR <<", "WORD f", "OPERATOR >>",
                        "WORD g", "OPERATOR ||", "WORD h", "OPERATOR &&", "WORD i"),
                lexes("f(a,b)", "WORD f", "OPERATOR (", "WORD a", "OPERATOR ,", "WORD b", "OPERATOR )"),
                lexes("a*b/c", "WORD a", "OPERATOR *", "WORD b", "OPERATOR /", "WORD c"),
                // variables and placeholders
                lexes("@v @_x @a.b @$", "USER_VARIABLE @v", "USER_VARIABLE @_x", "USER_VARIABLE @a.b",
                        "USER_VARIABLE @$"),
                lexes("@'x y' @\"z\" @`w`", "USER_VARIABLE @'x y'", "USER_VARIABLE @\"z\"", "USER_VARIABLE @`w`"),
                lexes("@@version @@session.sql_mode @@GLOBAL.read_only",
                        "SYSTEM_VARIABLE @@version", "SYSTEM_VARIABLE @@session.sql_mode",
                        "SYSTEM_VARIABLE @@GLOBAL.read_only"),
                lexes("'a'@'%'", "STRING 'a'", "USER_VARIABLE @'%'"),
                lexes("@ x", "OPERATOR @", "WORD x"),
                lexes("a = ? AND b IN (?, ?)", "WORD a", "OPERATOR =", "PLACEHOLDER ?", "WORD AND", "WORD b",
                        "WORD IN", "OPERATOR (", "PLACEHOLDER ?", "OPERATOR ,", "PLACEHOLDER ?", "OPERATOR )"),
                // comments
                lexes("# c\nSELECT", "COMMENT # c", "WORD SELECT"),
                lexes("SELECT 1 # c", "WORD SELECT", "NUMBER 1", "COMMENT # c"),
                lexes("-- c\nSELECT", "COMMENT -- c", "WORD SELECT"),
                lexes("--\tc\nx", "COMMENT --\tc", "WORD x"),
                lexes("--\nx", "COMMENT --", "WORD x"),
                lexes("x --", "WORD x", "COMMENT --"),
                lexes("--1", "OPERATOR -", "OPERATOR -", "NUMBER 1"),
                lexes("5--@x", "NUMBER 5", "OPERATOR -", "OPERATOR -", "USER_VARIABLE @x"),
                lexes("a-b", "WORD a", "OPERATOR -", "WORD b"),
                lexes("/* c */x", "COMMENT /* c */", "WORD x"),
                lexes("/* a\n * b */", "COMMENT /* a\n * b */"),
                lexes("/**/x", "COMMENT /**/", "WORD x"),
                lexes("/* x /* y */ z", "COMMENT /* x /* y */", "WORD z"),
                lexes("/*+ BKA(t) */", "OPTIMIZER_HINT /*+ BKA(t) */"),
                lexes("'/* not */' -- '", "STRING '/* not */'", "COMMENT -- '"),
                // versioned comments: the content is code
                lexes("/*!50000 SELECT 1 */", "WORD SELECT", "NUMBER 1"),
                lexes("/*! STRAIGHT_JOIN */x", "WORD STRAIGHT_JOIN", "WORD x"),
                lexes("/*!80000SELECT*/", "WORD SELECT"),
                lexes("/*!800001 x */", "WORD x"),
                lexes("/*!1 */", "NUMBER 1"),
                lexes("/*!40101 SET a=1 */;", "WORD SET", "WORD a", "OPERATOR =", "NUMBER 1", "SEMICOLON ;"),
                lexes("/*!50000 a /* c */ b */ c", "WORD a", "COMMENT /* c */", "WORD b", "WORD c"),
                lexes("/*!50000 '*/' */", "STRING '*/'"),
                lexes("a*/b", "WORD a", "OPERATOR *", "OPERATOR /", "WORD b"),
                // statement separators
                lexes("SELECT 1; SELECT 2", "WORD SELECT", "NUMBER 1", "SEMICOLON ;", "WORD SELECT", "NUMBER 2"),
                lexes("'a;b';", "STRING 'a;b'", "SEMICOLON ;"),
                // errors end the text
                lexes("SELECT 'abc", "WORD SELECT", "ERROR 'abc"),
                lexes("\"abc", "ERROR \"abc"),
                lexes("'abc\\'", "ERROR 'abc\\'"),
                lexes("`abc", "ERROR `abc"),
                lexes("x /* abc", "WORD x", "ERROR /* abc"),
                lexes("/*!50000 SELECT 1", "WORD SELECT", "NUMBER 1", "ERROR "),
                lexes("@'x", "ERROR @'x"),
                lexes("", new String[0]));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("errors")
    void reportsWhyLexingStopped(String sql, LexError expected) {
        SqlLexer lexer = new SqlLexer(sql);
        TokenKind kind;
        do {
            kind = lexer.next();
        } while (kind != TokenKind.ERROR && kind != TokenKind.END);

        assertThat(kind).isEqualTo(TokenKind.ERROR);
        assertThat(lexer.error()).isEqualTo(expected);
        assertThat(lexer.next()).isEqualTo(TokenKind.END);
        assertThat(lexer.next()).isEqualTo(TokenKind.END);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("SELECT 'a", LexError.UNTERMINATED_STRING),
                Arguments.of("SELECT \"a", LexError.UNTERMINATED_STRING),
                Arguments.of("SELECT @'a", LexError.UNTERMINATED_STRING),
                Arguments.of("SELECT `a", LexError.UNTERMINATED_QUOTED_IDENTIFIER),
                Arguments.of("SELECT @`a", LexError.UNTERMINATED_QUOTED_IDENTIFIER),
                Arguments.of("SELECT /* a", LexError.UNTERMINATED_COMMENT),
                Arguments.of("SELECT /*+ a", LexError.UNTERMINATED_COMMENT),
                Arguments.of("SELECT /*!50000 a", LexError.UNTERMINATED_VERSIONED_COMMENT),
                Arguments.of("/*!50000 SELECT 1 # */", LexError.UNTERMINATED_VERSIONED_COMMENT));
    }

    @Test
    void ansiQuotesMakeDoubleQuotesAnIdentifierError() {
        SqlLexer lexer = new SqlLexer("\"abc", ANSI);

        assertThat(lexer.next()).isEqualTo(TokenKind.ERROR);
        assertThat(lexer.error()).isEqualTo(LexError.UNTERMINATED_QUOTED_IDENTIFIER);
    }

    @Test
    void wellFormedTextHasNoError() {
        SqlLexer lexer = new SqlLexer("SELECT 1");
        while (lexer.next() != TokenKind.END) {
            assertThat(lexer.error()).isNull();
        }
        assertThat(lexer.error()).isNull();
    }

    @Test
    void keywordsMatchWithoutCase() {
        SqlLexer lexer = new SqlLexer("select SeLeCt SELECTS `select` 'select' get_lock");

        assertThat(keywords(lexer)).containsExactly(Keyword.SELECT, Keyword.SELECT, Keyword.OTHER, Keyword.OTHER,
                Keyword.OTHER, Keyword.GET_LOCK);
    }

    @Test
    void namesSystemVariablesAndTheirScope() {
        SqlLexer lexer = new SqlLexer("@@session.autocommit @@AUTOCOMMIT @@Global.identity @@warning_count");

        lexer.next();
        assertThat(lexer.variableName()).isEqualTo(Keyword.AUTOCOMMIT);
        assertThat(lexer.variableScope()).isEqualTo(Keyword.SESSION);
        lexer.next();
        assertThat(lexer.variableName()).isEqualTo(Keyword.AUTOCOMMIT);
        assertThat(lexer.variableScope()).isEqualTo(Keyword.OTHER);
        lexer.next();
        assertThat(lexer.variableName()).isEqualTo(Keyword.IDENTITY);
        assertThat(lexer.variableScope()).isEqualTo(Keyword.GLOBAL);
        assertThat(lexer.keyword()).isEqualTo(Keyword.OTHER);
        lexer.next();
        assertThat(lexer.variableName()).isEqualTo(Keyword.WARNING_COUNT);
    }

    @Test
    void tokensAreRangesOfTheText() {
        String sql = "/* c */ SELECT `a` FROM t";
        SqlLexer lexer = new SqlLexer(sql);

        assertThat(lexer.next()).isEqualTo(TokenKind.COMMENT);
        assertThat(lexer.start()).isZero();
        assertThat(lexer.end()).isEqualTo(7);
        lexer.next();
        lexer.next();
        assertThat(lexer.start()).isEqualTo(sql.indexOf('`'));
        assertThat(lexer.end()).isEqualTo(sql.indexOf('`') + 3);
        lexer.next();
        lexer.next();
        assertThat(lexer.next()).isEqualTo(TokenKind.END);
        assertThat(lexer.start()).isEqualTo(sql.length());
        assertThat(lexer.end()).isEqualTo(sql.length());
    }

    @Test
    void comparesValues() {
        SqlLexer lexer = new SqlLexer("'On' 1 OFF :=");

        lexer.next();
        assertThat(lexer.valueEqualsIgnoreCase("ON")).isTrue();
        assertThat(lexer.valueEqualsIgnoreCase("'ON'")).isFalse();
        lexer.next();
        assertThat(lexer.valueEqualsIgnoreCase("1")).isTrue();
        lexer.next();
        assertThat(lexer.valueEqualsIgnoreCase("off")).isTrue();
        lexer.next();
        assertThat(lexer.isOperator(":=")).isTrue();
        assertThat(lexer.isOperator(':')).isFalse();
    }

    @Test
    void readsAnyCharSequence() {
        StringBuilder sql = new StringBuilder("SELECT 1 FOR UPDATE");

        assertThat(tokens(sql, SqlMode.DEFAULT)).containsExactly("WORD SELECT", "NUMBER 1", "WORD FOR", "WORD UPDATE");
    }

    @Test
    void lexesAMysqldumpHeader() {
        String dump = """
                -- MySQL dump 10.13  Distrib 8.0.36
                /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
                /*!50503 SET NAMES utf8mb4 */;
                /*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
                """;

        List<String> tokens = tokens(dump, SqlMode.DEFAULT);

        assertThat(tokens).startsWith("COMMENT -- MySQL dump 10.13  Distrib 8.0.36", "WORD SET",
                "USER_VARIABLE @OLD_CHARACTER_SET_CLIENT", "OPERATOR =", "SYSTEM_VARIABLE @@CHARACTER_SET_CLIENT",
                "SEMICOLON ;");
        assertThat(tokens).filteredOn(token -> token.startsWith("SEMICOLON")).hasSize(3);
        assertThat(tokens).noneMatch(token -> token.startsWith("ERROR"));
    }

    private static Arguments lexes(String sql, String... tokens) {
        return lexes(SqlMode.DEFAULT, sql, tokens);
    }

    private static Arguments lexes(SqlMode mode, String sql, String... tokens) {
        return Arguments.of(mode, sql, List.of(tokens));
    }

    private static List<String> tokens(CharSequence sql, SqlMode mode) {
        SqlLexer lexer = new SqlLexer(sql, mode);
        List<String> tokens = new ArrayList<>();
        for (TokenKind kind = lexer.next(); kind != TokenKind.END; kind = lexer.next()) {
            tokens.add(kind + " " + lexer.text());
        }
        return tokens;
    }

    private static List<Keyword> keywords(SqlLexer lexer) {
        List<Keyword> keywords = new ArrayList<>();
        while (lexer.next() != TokenKind.END) {
            keywords.add(lexer.keyword());
        }
        return keywords;
    }
}
