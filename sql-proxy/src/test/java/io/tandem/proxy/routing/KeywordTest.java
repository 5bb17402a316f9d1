package io.tandem.proxy.routing;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class KeywordTest {

    @Test
    void everyKeywordIsFoundInAnyCase() {
        for (Keyword keyword : Keyword.values()) {
            if (keyword != Keyword.OTHER) {
                String name = keyword.name();
                assertThat(Keyword.of(name)).isEqualTo(keyword);
                assertThat(Keyword.of(name.toLowerCase(Locale.ROOT))).isEqualTo(keyword);
            }
        }
    }

    @Test
    void otherWordsAreOther() {
        assertThat(Keyword.of("OTHER")).isEqualTo(Keyword.OTHER);
        assertThat(Keyword.of("selects")).isEqualTo(Keyword.OTHER);
        assertThat(Keyword.of("selec")).isEqualTo(Keyword.OTHER);
        assertThat(Keyword.of("")).isEqualTo(Keyword.OTHER);
        assertThat(Keyword.of("séléct")).isEqualTo(Keyword.OTHER);
    }

    @Test
    void foldsOnlyAsciiCase() {
        // U+0131 (dotless i) upper-cases to 'I' in Java; the server does not read "ınsert" as INSERT
        assertThat(Keyword.of("\u0131nsert")).isEqualTo(Keyword.OTHER);
    }
}
