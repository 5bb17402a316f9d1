package io.tandem.topology.gtid;

/**
 * A closed range {@code start..end} of transaction numbers. Both GTID formats number transactions from 1, so
 * requiring {@code start >= 1} also keeps {@code start - 1} and {@link #count()} free of overflow.
 */
record Interval(long start, long end) {

    Interval {
        if (start < 1 || end < start) {
            throw new IllegalArgumentException("not an interval of positive numbers: " + start + "-" + end);
        }
    }

    long count() {
        return end - start + 1;
    }

    /** True when {@code next}, which starts no earlier than this, overlaps or directly follows this interval. */
    boolean reaches(Interval next) {
        return next.start() - 1 <= end;
    }

    @Override
    public String toString() {
        return start == end ? Long.toString(start) : start + "-" + end;
    }
}
