package io.tandem.proxy.routing;

/**
 * A routing directive an application writes in a comment: {@code /* tandem:primary *}{@code /} or
 * {@code /* tandem:replica *}{@code /}, anywhere in the statement and in any comment style. When both appear the
 * primary wins.
 */
public enum RouteHint {
    NONE,
    PRIMARY,
    REPLICA;

    private static final String PREFIX = "tandem:";

    /** The directive inside the comment {@code text[from, to)}, or NONE. */
    static RouteHint in(CharSequence text, int from, int to) {
        RouteHint found = NONE;
        for (int i = from; i + PREFIX.length() <= to; i++) {
            char c = text.charAt(i);
            if ((c == 't' || c == 'T') && matches(text, i, to, PREFIX)) {
                int word = i + PREFIX.length();
                if (matches(text, word, to, "primary") && endsWord(text, word + 7, to)) {
                    found = found.and(PRIMARY);
                } else if (matches(text, word, to, "replica") && endsWord(text, word + 7, to)) {
                    found = found.and(REPLICA);
                }
            }
        }
        return found;
    }

    /** Both directives together: the primary wins over a replica, either over none. */
    RouteHint and(RouteHint other) {
        return this == PRIMARY || other == PRIMARY ? PRIMARY : this == REPLICA ? REPLICA : other;
    }

    private static boolean matches(CharSequence text, int at, int to, String word) {
        if (at + word.length() > to) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = text.charAt(at + i);
            // ASCII case folding only: Character.toLowerCase maps e.g. U+0130 to 'i', which raw bytes never are
            if ((c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWord(CharSequence text, int at, int to) {
        // as the lexer reads names: any non-ASCII character continues the word, so a statement's raw bytes
        // (PacketText) and its decoded text end the word in the same place
        return at >= to || !SqlCharacter.isIdentifierPart(text.charAt(at));
    }
}
