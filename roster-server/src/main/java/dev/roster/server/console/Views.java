package dev.roster.server.console;

import dev.roster.server.branding.Brand;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What the console's templates show: plain records, built by the page handlers from the services, so that
 * templates hold no logic beyond loops and conditions. Public because the compiled templates live in their
 * own package.
 */
public final class Views {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Views() {
    }

    /**
     * The frame around every page: title, who is signed in (nobody: {@code csrf} is null), the CSRF token, where
     * "Back to the app" leads and the operator's brand.
     */
    public record Chrome(String title, String orgId, String orgName, boolean operator, String csrf,
            String returnUrl, Brand brand) {
        public boolean signedIn() {
            return csrf != null;
        }
    }

    /** One organization in the operator's list. */
    public record OrgRow(String id, String name, int plans, int directories) {
    }

    /**
     * One person. {@code seat} is paid, over_limit or free; {@code source} is manual or directory;
     * {@code sharedWith} says which other IdP accounts use the same email, or is null when none does;
     * {@code lockedReason} says why the console cannot remove them (an IdP manages their plan), or is null.
     */
    public record MemberRow(String id, String name, String email, String role, String seat, String source,
            String sharedWith, String lockedReason) {
        public String seatLabel() {
            switch (seat) {
                case "paid":
                    return "Paid";
                case "over_limit":
                    return "Waiting for a seat";
                default:
                    return "Free";
            }
        }

        public String sourceLabel() {
            return "directory".equals(source) ? "Identity provider" : "Added by hand";
        }
    }

    /** The directory that manages a plan, as the plan card shows it. */
    public record DirectoryBadge(String id, String provider, String name, Long lastRequestAt, int errors24h) {
    }

    /**
     * One plan card of Plans & Billing. {@code settingUp}: the directory's IdP has not made its first request,
     * so the plan is still managed by hand and the setup can be resumed or cancelled.
     */
    public record PlanCard(String id, String name, String edition, int seatsUsed, Integer seatLimit, String phase,
            int provisioned, int threshold, boolean enterprise, DirectoryBadge directory, boolean settingUp,
            SeatMoves moves, List<MemberRow> members, int memberCount) {
        public boolean managed() {
            return directory != null && !settingUp;
        }

        public String seats() {
            return seatLimit == null ? seatsUsed + " used, no limit" : seatsUsed + " of " + seatLimit + " used";
        }
    }

    /** Plans & Billing. {@code notice} is an error or confirmation to show on top (may be null). */
    public record PlansPage(List<PlanCard> plans, List<MemberRow> freeTier, int freeTierCount,
            List<DirectoryBadge> disconnected, String notice, boolean noticeIsError) {
    }

    /** One choice of a filter's select box. */
    public record Option(String value, String label, boolean selected) {
    }

    /**
     * Where a paged list stands: {@code shown} rows of {@code total} ("1,000+" when {@code totalCapped}: a
     * count that would read every row stops there), and the links to the pages beside it and to the first
     * (null where there is none).
     */
    public record Pager(int shown, int total, boolean totalCapped, String previous, String next, String first) {
        /** Nothing to show or to page back to: the list says so itself, the pager draws nothing. */
        public boolean empty() {
            return total == 0 && shown == 0 && previous == null && first == null;
        }

        public String summary() {
            return "Showing " + shown + " of " + String.format(Locale.ROOT, "%,d", total) + (totalCapped ? "+" : "")
                    + ".";
        }
    }

    /** The organization's members, searched, filtered and paged. */
    public record MemberListPage(String heading, List<Option> plans, List<Option> seats, List<Option> sources,
            String search, List<MemberRow> rows, Pager pager) {
    }

    /** A user of a directory as its user list shows it. */
    public record UserRow(String userName, String name, String email, boolean active, String seat) {
        public String seatLabel() {
            if (seat == null) {
                return "No plan";
            }
            return new MemberRow("", "", "", "", seat, "", null, null).seatLabel();
        }
    }

    /** A directory's users, searched, filtered and paged; {@code group} names the group they are limited to. */
    public record UserListPage(String orgId, String directoryId, String providerName, String search,
            List<Option> statuses, List<Option> seats, String groupId, String groupName, List<UserRow> rows,
            Pager pager) {
    }

    /** A group of a directory; {@code members} is a count, "1,000+" beyond the count a list page makes. */
    public record GroupRow(String id, String name, String members) {
    }

    /** A directory's groups, searched and paged. */
    public record GroupListPage(String orgId, String directoryId, String providerName, String search,
            List<GroupRow> rows, Pager pager) {
    }

    /** The setup wizard's state for one directory. */
    public record Setup(String orgId, String planId, String planName, int threshold, String directoryId,
            IdpGuide guide, String baseUrl, String token, int step, List<String> customFields) {
        public String providerName() {
            return guide.provider().displayName();
        }

        public String path(String leaf) {
            return "/console/orgs/" + orgId + "/directories/" + directoryId + "/setup/" + leaf;
        }

        /**
         * Why a cloud identity provider cannot use the base URL as it stands (plain http, or a host only this
         * machine reaches), or null when it looks reachable.
         */
        public String baseUrlProblem() {
            URI u = URI.create(baseUrl);
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
            boolean local = host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                    || host.equals("[::1]") || host.equals("::1") || host.equals("0.0.0.0");
            if (local) {
                return "This base URL names " + host + ", which only this machine reaches: "
                        + guide.provider().displayName() + " runs in the cloud and cannot call it.";
            }
            if ("http".equalsIgnoreCase(u.getScheme())) {
                return "This base URL is plain http: " + guide.provider().displayName() + " sends the token with "
                        + "every request and expects https.";
            }
            return null;
        }
    }

    /** "Test connection": what has arrived from the IdP so far. */
    public record Connection(String providerName, String productName, Long lastRequestAt, List<RequestSummary.Line> recent,
            String diagnosis, boolean connected, boolean failing) {
    }

    /**
     * The seat moves of a plan's switch to the authoritative phase: before it, who will move to the free tier
     * ({@code willMove}, the first of {@code count}); after it, who did ({@code moved}) and when.
     */
    public record SeatMoves(int count, List<String> willMove, List<String> moved, Long switchedAt) {
        public int more() {
            return Math.max(0, count - willMove.size());
        }
    }

    /** The rollout counter: provisioned users against the switch to the authoritative phase. */
    public record Rollout(String providerName, int provisioned, int threshold, String phase, int paidOutside,
            SeatMoves moves) {
        public int remaining() {
            return Math.max(0, threshold + 1 - provisioned);
        }

        public int percent() {
            return threshold == 0 ? 100 : Math.min(100, provisioned * 100 / threshold);
        }
    }

    /** A provisioned user and the plan they will be on. */
    public record PreviewUser(String userName, String displayName, boolean active, String outcome) {
    }

    /** A group received from the IdP. */
    public record PreviewGroup(String displayName, int members) {
    }

    /** What the IdP has sent so far. */
    public record Preview(List<PreviewUser> users, int totalUsers, List<PreviewGroup> groups, int totalGroups) {
    }

    /** A token as the directory page lists it. */
    public record TokenRow(String id, String hint, long createdAt, Long lastUsedAt) {
    }

    /** The directory page. {@code newToken} is set only on the answer that created it. */
    public record DirectoryPage(String orgId, String id, String providerName, String name, String baseUrl,
            String planId, String planName, Long lastRequestAt, int errors24h, List<TokenRow> tokens,
            List<RequestSummary.Line> log, boolean failuresOnly, String newToken, String notice, List<AttributeRow> attributes, String attributesHint,
            boolean noticeIsError) {
    }

    /**
     * One of the app's custom fields on a directory's page: which attribute of the IdP feeds it ({@code source},
     * empty when none does).
     */
    public record AttributeRow(String field, String type, String description, String source) {
    }

    /** 12,345. */
    public static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String time(Long millis) {
        return millis == null ? "never" : TIME.format(Instant.ofEpochMilli(millis));
    }

    /** "12 s ago", "3 min ago", ... for a recent moment; the full time beyond a day. */
    public static String ago(Long millis) {
        if (millis == null) {
            return "never";
        }
        long s = Math.max(0, (System.currentTimeMillis() - millis) / 1000);
        if (s < 60) {
            return s + " s ago";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        if (s < 86_400) {
            return s / 3600 + " h ago";
        }
        return time(millis);
    }
}
