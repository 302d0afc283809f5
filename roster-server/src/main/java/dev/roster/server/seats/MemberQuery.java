package dev.roster.server.seats;

import java.util.List;
import java.util.Locale;

/**
 * Which members a list shows, one page at a time. {@code plan} is a plan's id (its paid and waiting members,
 * or those of {@code seat}), {@link #FREE_TIER} (everyone on the free tier) or null (everyone); {@code seat}
 * and {@code source} narrow it; {@code search} matches the start of the email or of any word of the name,
 * ignoring case. Pages are ordered by email; {@code after} and {@code before} are the email (folded) of the
 * last row of the previous page or the first row of the next one, at most one of them given.
 */
public record MemberQuery(String plan, String seat, String source, String search, String after, String before,
        int limit) {
    public static final String FREE_TIER = "free";
    static final List<String> SEATS = List.of(Member.PAID, Member.OVER_LIMIT, Member.FREE);
    static final List<String> SOURCES = List.of("manual", "directory");

    public MemberQuery {
        plan = blankToNull(plan);
        seat = blankToNull(seat);
        source = blankToNull(source);
        search = search == null || search.isBlank() ? null : search.strip().toLowerCase(Locale.ROOT);
        after = blankToNull(after);
        before = before == null || before.isBlank() || after != null ? null : before;
        if (seat != null && !SEATS.contains(seat)) {
            seat = null;
        }
        if (source != null && !SOURCES.contains(source)) {
            source = null;
        }
    }

    public boolean filtered() {
        return seat != null || source != null || search != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Matches a search counts up to; beyond, the page says "1,000+" (a search reads rows, not an index). */
    public static final int SEARCH_COUNT_CAP = 1_000;

    /**
     * One page: {@code hasBefore}/{@code hasAfter} say whether a previous or next page exists; {@code total} is
     * exact unless {@code totalCapped}: then more than {@link #SEARCH_COUNT_CAP} match.
     */
    public record Page(List<Member> members, int total, boolean totalCapped, boolean hasBefore, boolean hasAfter) {
        public String firstKey() {
            return members.isEmpty() ? null : SeatStore.fold(members.get(0).email());
        }

        public String lastKey() {
            return members.isEmpty() ? null : SeatStore.fold(members.get(members.size() - 1).email());
        }
    }
}
