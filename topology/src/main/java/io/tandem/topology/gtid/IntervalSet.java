package io.tandem.topology.gtid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An immutable set of positive longs held as sorted, disjoint, non-adjacent closed intervals. Keeping the
 * intervals coalesced makes the representation canonical, so {@code equals} is plain list equality and two
 * spellings of the same set ({@code 1-3:4-5} and {@code 1-5}) compare equal.
 */
final class IntervalSet implements SourceTransactions<IntervalSet> {

    static final IntervalSet EMPTY = new IntervalSet(List.of());

    private final List<Interval> intervals;

    private IntervalSet(List<Interval> coalesced) {
        this.intervals = List.copyOf(coalesced);
    }

    static IntervalSet of(long start, long end) {
        return new IntervalSet(List.of(new Interval(start, end)));
    }

    /** Accepts intervals in any order, overlapping or touching, as GTID text may list them. */
    static IntervalSet of(Collection<Interval> unordered) {
        List<Interval> sorted = new ArrayList<>(unordered);
        sorted.sort(Comparator.comparingLong(Interval::start));
        List<Interval> merged = new ArrayList<>(sorted.size());
        for (Interval next : sorted) {
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).reaches(next)) {
                Interval previous = merged.get(last);
                merged.set(last, new Interval(previous.start(), Math.max(previous.end(), next.end())));
            } else {
                merged.add(next);
            }
        }
        return new IntervalSet(merged);
    }

    List<Interval> intervals() {
        return intervals;
    }

    boolean isEmpty() {
        return intervals.isEmpty();
    }

    /** The number of members; throws {@link ArithmeticException} rather than wrap past {@code Long.MAX_VALUE}. */
    long count() {
        long count = 0;
        for (Interval interval : intervals) {
            count = Math.addExact(count, interval.count());
        }
        return count;
    }

    /** The highest member. */
    long last() {
        if (intervals.isEmpty()) {
            throw new NoSuchElementException("an empty interval set has no highest member");
        }
        return intervals.get(intervals.size() - 1).end();
    }

    boolean contains(IntervalSet other) {
        return other.subtract(this).isEmpty();
    }

    @Override
    public IntervalSet numbers() {
        return this;
    }

    @Override
    public IntervalSet union(IntervalSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<Interval> both = new ArrayList<>(intervals);
        both.addAll(other.intervals);
        return of(both);
    }

    @Override
    public IntervalSet subtract(IntervalSet other) {
        List<Interval> kept = new ArrayList<>();
        List<Interval> cuts = other.intervals;
        int firstCut = 0;
        for (Interval interval : intervals) {
            // cuts that end before this interval cannot touch any later interval either
            while (firstCut < cuts.size() && cuts.get(firstCut).end() < interval.start()) {
                firstCut++;
            }
            keepUncut(interval, cuts.subList(firstCut, cuts.size()), kept);
        }
        return new IntervalSet(kept);
    }

    /** Adds to {@code kept} the pieces of {@code interval} that lie between the sorted {@code cuts}. */
    private static void keepUncut(Interval interval, List<Interval> cuts, List<Interval> kept) {
        long from = interval.start();
        for (Interval cut : cuts) {
            if (cut.start() > interval.end()) {
                break;
            }
            if (cut.start() > from) {
                kept.add(new Interval(from, cut.start() - 1));
            }
            if (cut.end() >= interval.end()) {
                return;
            }
            from = cut.end() + 1;
        }
        kept.add(new Interval(from, interval.end()));
    }

    @Override
    public IntervalSet intersect(IntervalSet other) {
        List<Interval> common = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < intervals.size() && j < other.intervals.size()) {
            Interval a = intervals.get(i);
            Interval b = other.intervals.get(j);
            long start = Math.max(a.start(), b.start());
            long end = Math.min(a.end(), b.end());
            if (start <= end) {
                common.add(new Interval(start, end));
            }
            // the interval that ends first can meet nothing further on the other side
            if (a.end() < b.end()) {
                i++;
            } else {
                j++;
            }
        }
        return new IntervalSet(common);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntervalSet other && intervals.equals(other.intervals);
    }

    @Override
    public int hashCode() {
        return intervals.hashCode();
    }

    @Override
    public String toString() {
        return intervals.toString();
    }
}
