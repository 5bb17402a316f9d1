package io.tandem.proxy.routing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketTextTest {

    private static final StatementClassifier CLASSIFIER = new StatementClassifier();
    /** What sits around the statement in a real packet: a command byte before, the next packet's bytes after. */
    private static final byte[] BEFORE = {0x03, (byte) 0xC3, '\'', '/', '*'};
    private static final byte[] AFTER = {'*', '/', '\'', '`', ';', 'D', 'E', 'L', 'E', 'T', 'E', (byte) 0xE2};

    /** {@code sql}'s UTF-8 bytes between unrelated bytes, seen as a PacketText over exactly them. */
    private static PacketText embedded(String sql) {
        byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer().writeBytes(BEFORE).writeBytes(bytes).writeBytes(AFTER);
        buf.skipBytes(1); // the reader index must not matter
        return new PacketText(buf, BEFORE.length, bytes.length);
    }

    // ---- CharSequence over a slice

    @Test
    void readsExactlyItsSliceOfTheBuffer() {
        PacketText text = embedded("SELECT 1");

        assertThat(text.length()).isEqualTo(8);
        assertThat(text.charAt(0)).isEqualTo('S');
        assertThat(text.charAt(7)).isEqualTo('1');
        assertThat(text.toString()).isEqualTo("SELECT 1");
        assertThat(text).hasToString("SELECT 1");
        StringBuilder copied = new StringBuilder().append(text);
        assertThat(copied.toString()).isEqualTo("SELECT 1");
    }

    @Test
    void refusesIndexesOutsideItsSlice() {
        PacketText text = embedded("SELECT 1");

        assertThatThrownBy(() -> text.charAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> text.charAt(8)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> embedded("").charAt(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void eachByteIsOneCharAndHighBytesStayUnsigned() {
        PacketText text = embedded("'é'"); // C3 A9

        assertThat(text.length()).isEqualTo(4);
        assertThat(text.charAt(1)).isEqualTo((char) 0xC3);
        assertThat(text.charAt(2)).isEqualTo((char) 0xA9);
        assertThat(text.charAt(3)).isEqualTo('\'');
        assertThat(text.toString()).isEqualTo("'é'"); // decoded for messages
    }

    @Test
    void subSequencesAreRelativeToTheSliceAndNest() {
        PacketText text = embedded("SELECT `naïve` FROM t");

        CharSequence name = text.subSequence(7, 15);
        assertThat(name.length()).isEqualTo(8);
        assertThat(name.charAt(0)).isEqualTo('`');
        assertThat(name.toString()).isEqualTo("`naïve`");

        CharSequence inner = name.subSequence(1, 7);
        assertThat(inner.toString()).isEqualTo("naïve");
        assertThat(inner.charAt(0)).isEqualTo('n');
        assertThatThrownBy(() -> inner.charAt(6)).isInstanceOf(IndexOutOfBoundsException.class);

        assertThat(text.subSequence(0, 0).length()).isZero();
        assertThat(text.subSequence(0, 0).toString()).isEmpty();
        assertThat(text.subSequence(0, text.length()).toString()).isEqualTo("SELECT `naïve` FROM t");
    }

    /** {@link CharSequence#subSequence}: a range outside the sequence, or reversed, is refused. */
    @Test
    void refusesSubSequencesOutsideItsSlice() {
        PacketText text = embedded("SELECT 1");

        assertThatThrownBy(() -> text.subSequence(0, 9)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> text.subSequence(-1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> text.subSequence(5, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ---- the classifier sees the same statement

    @Property(tries = 1000)
    void classifiesAsciiBytesAsItClassifiesTheString(@ForAll("asciiSql") String sql) {
        assertThat(CLASSIFIER.classify(embedded(sql))).as(sql).isEqualTo(CLASSIFIER.classify(sql));
        assertThat(CLASSIFIER.classify(embedded(sql), SqlMode.of("ANSI_QUOTES,NO_BACKSLASH_ESCAPES")))
                .as("ANSI_QUOTES %s", sql).isEqualTo(CLASSIFIER.classify(sql, SqlMode.of("ANSI_QUOTES,NO_BACKSLASH_ESCAPES")));
    }

    @Property(tries = 1000)
    void nonAsciiTextInsideQuotesAndCommentsChangesNothing(@ForAll("utf8Sql") String sql) {
        Classification fromBytes = CLASSIFIER.classify(embedded(sql));
        Classification fromString = CLASSIFIER.classify(sql);

        assertThat(fromBytes.route()).as(sql).isEqualTo(fromString.route());
        assertThat(fromBytes.reason()).as(sql).isEqualTo(fromString.reason());
        assertThat(fromBytes.hint()).as(sql).isEqualTo(fromString.hint());
    }

    @Example
    void tableNamesWithNonAsciiLettersReadTheSame() {
        String sql = "SELECT * FROM `café`.`naïve` JOIN données d ON 1 /* où */";

        assertThat(CLASSIFIER.referencedTables(embedded(sql))).isEqualTo(CLASSIFIER.referencedTables(sql));
        assertThat(CLASSIFIER.referencedTables(embedded(sql))).extracting(TableName::toString)
                .contains("café.naïve", "données");
    }

    private static final List<String> ASCII_FRAGMENTS = List.of(
            "SELECT ", "select ", "SELECT * FROM t ", "INSERT INTO t VALUES (1) ", "UPDATE t SET a = 1 ",
            "DELETE FROM t ", "REPLACE INTO t SELECT 1 ", "FOR UPDATE ", "LOCK IN SHARE MODE ", "FOR SHARE ",
            "WHERE a = 'x' ", "FROM ", "t ", "1 ", "a, b ", "( ", ") ", ", ", "= ", ":= ", "@v ", "@@autocommit ",
            "SET autocommit = 0 ", "SET autocommit = 1 ", "SET NAMES utf8mb4 ", "BEGIN ", "COMMIT ", "ROLLBACK ",
            "START TRANSACTION READ ONLY ", "SHOW TABLES ", "CALL p() ", "USE db ", "CREATE TEMPORARY TABLE x (a INT) ",
            "DROP TABLE x ", "SELECT GET_LOCK('l', 1) ", "SELECT LAST_INSERT_ID() ", "SELECT ... INTO OUTFILE 'f' ",
            "/* c */ ", "/* UPDATE t */ ", "/*! FOR UPDATE */ ", "/*!80000 SELECT */ ", "/*+ MAX_EXECUTION_TIME(1) */ ",
            "/* tandem:replica */ ", "/* tandem:primary */ ", "-- tandem:replica\n", "-- c\n", "--x ", "# UPDATE\n",
            "'INSERT' ", "'it''s' ", "'a\\'b' ", "\"UPDATE\" ", "\"a\"\"b\" ", "`update` ", "`a``b` ", "x'41' ",
            "_utf8mb4'x' ", "N'x' ", "; ", ";", " ", "\n", "\t", "'", "\"", "`", "/*", "*/", "--", "#", "\\");

    private static final List<String> NON_ASCII = List.of(
            "é", "naïve", "Ünïcödé", "日本語", "Ελληνικά", "русский", "עברית", "😀", "ß", "ø", "ł", "—", "…",
            "\u00A0", "×", "÷", "\u2028", "İ", "K");

    @Provide
    Arbitrary<String> asciiSql() {
        return Arbitraries.of(ASCII_FRAGMENTS).list().ofMaxSize(12).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> utf8Sql() {
        Arbitrary<String> word = Arbitraries.of(NON_ASCII).list().ofMinSize(1).ofMaxSize(3)
                .map(parts -> String.join("", parts));
        Arbitrary<String> wrapped = Combinators.combine(Arbitraries.of(
                        "'%s' ", "'a %s b' ", "\"%s\" ", "`%s` ", "`t_%s` ", "/* %s */ ", "/*%s*/ ", "-- %s\n",
                        "# %s\n", "/*! SELECT '%s' */ ", "/* tandem:replica %s */ ", "/* tandem:primary %s */ ",
                        "/* %s tandem:replica */ ", "/* tandem:primary%s */ ", "/* tandem:replica%s */ ",
                        "-- tandem:primary%s\n", "_utf8mb4'%s' ", "N'%s' "), word)
                .as((format, text) -> String.format(format, text));
        Arbitrary<String> fragment = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.of(ASCII_FRAGMENTS)),
                net.jqwik.api.Tuple.of(1, wrapped));
        return fragment.list().ofMaxSize(10).map(parts -> String.join("", parts));
    }
}
