package dev.roster.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The simulated directory's people and groups, a function of the seed alone: user {@code i} of a scenario
 * is the same in every run with that seed. Login names carry the scenario's letter and the index
 * ({@code ada.lovelace.o7@example.com}), so no two users of one run, or of two scenarios, share one.
 * Public so that a test can tell which users a scenario sent (the seed is {@link SimulationOptions#seed()}).
 */
public final class Population {
    private static final String[] GIVEN = {"Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara",
        "Ken", "Frances", "Edsger", "Radia", "Tim", "Katherine", "Donald", "Hedy", "John", "Shafi", "Niklaus",
        "Sophie", "Vint", "Anita", "Bjarne", "Adele", "Guido", "Jean", "Leslie", "Mary", "Robin", "Carol", "Yukihiro",
        "Lin", "Priya", "Amara", "Mateo", "Ines", "Kofi", "Hana", "Olu", "Sven", "Zara"};
    private static final String[] FAMILY = {"Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie",
        "Liskov", "Thompson", "Allen", "Dijkstra", "Perlman", "Berners", "Johnson", "Knuth", "Lamarr", "Backus",
        "Goldwasser", "Wirth", "Wilson", "Cerf", "Borg", "Stroustrup", "Goldberg", "Rossum", "Bartik", "Lamport",
        "Keller", "Milner", "Shaw", "Matsumoto", "Chen", "Patel", "Okafor", "Garcia", "Moreau", "Mensah", "Sato",
        "Adeyemi", "Larsen", "Haddad"};
    private static final String[] TITLES = {"Engineer", "Senior Engineer", "Designer", "Product Manager",
        "Account Executive", "Support Specialist", "Analyst", "Recruiter", "Controller", "Team Lead"};
    private static final String[] DEPARTMENTS = {"Engineering", "Sales", "Support", "Finance", "Marketing",
        "Design", "Operations", "Legal", "People", "Research"};
    private static final String[] WORDS = {"Falcon", "Harbor", "Juniper", "Nimbus", "Orchid", "Quartz", "Summit",
        "Tundra", "Willow", "Zephyr"};

    private final long seed;
    private final String domain;
    private final char letter;

    public Population(long seed, ScenarioKind scenario, String domain) {
        this.seed = seed ^ (scenario.ordinal() + 1L) * 0x9E3779B97F4A7C15L;
        this.domain = domain;
        this.letter = scenario.id().charAt(0);
    }

    /** User {@code index} (1-based). */
    public SimUser user(int index) {
        SplittableRandom r = random(index);
        String given = pick(r, GIVEN);
        String family = pick(r, FAMILY);
        String login = ascii(given) + "." + ascii(family) + "." + letter + index + "@" + domain;
        return new SimUser(index, login, given, family, pick(r, TITLES), pick(r, DEPARTMENTS),
                String.valueOf(100_000 + index), null, "00u" + token(r, 17), uuid(r).toString(), token(r, 16));
    }

    /** Users 1 to {@code n}. */
    public List<SimUser> users(int n) {
        List<SimUser> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(user(i));
        }
        return out;
    }

    /** The same person after an HR change (a new family name, title and department, a nickname). */
    public SimUser changed(SimUser u) {
        SplittableRandom r = random(-u.index());
        String family = pick(r, FAMILY);
        if (family.equals(u.familyName())) {
            family = family + "-" + pick(r, FAMILY);
        }
        String title = pick(r, TITLES);
        if (title.equals(u.title())) {
            title = "Principal " + title;
        }
        return u.changed(family, title, pick(r, DEPARTMENTS), u.givenName().substring(0, Math.min(3, u.givenName()
                .length())));
    }

    /** {@code n} distinct department names for groups. */
    public List<String> departments(int n) {
        List<String> all = new ArrayList<>(List.of(DEPARTMENTS));
        SplittableRandom r = random(Integer.MIN_VALUE);
        List<String> out = new ArrayList<>();
        while (out.size() < n && !all.isEmpty()) {
            out.add(all.remove(r.nextInt(all.size())));
        }
        return out;
    }

    /** A code word for names of groups that are not departments. */
    public String word() {
        return pick(random(Integer.MAX_VALUE), WORDS);
    }

    /** A GUID from the seed, e.g. the userName Entra ID looks for when it tests the connection. */
    UUID guid(int salt) {
        return uuid(random(Integer.MIN_VALUE + 1 + salt));
    }

    private SplittableRandom random(long index) {
        return new SplittableRandom(seed + index * 0xBF58476D1CE4E5B9L);
    }

    private static String pick(SplittableRandom r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    private static String ascii(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String token(SplittableRandom r, int length) {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static UUID uuid(SplittableRandom r) {
        long hi = r.nextLong() & ~0xF000L | 0x4000L;
        long lo = r.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(hi, lo);
    }
}
