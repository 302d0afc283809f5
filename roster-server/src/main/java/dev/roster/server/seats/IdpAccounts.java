package dev.roster.server.seats;

import static dev.roster.server.store.Tables.Dir;
import static dev.roster.server.store.Tables.UserEmails;
import static dev.roster.server.store.Tables.Users;

import dev.roster.server.provisioning.StoredResource;
import dev.roster.server.provisioning.UserStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The SCIM users behind members, read inside the caller's transaction: whether a member's linked user still
 * holds it, and which users of the directories that manage plans use an email as theirs (the primary email,
 * else the first, else the userName, as {@link IdpUser#email} reads it). Only directories linked to a plan
 * count: the users of a disconnected directory neither hold members nor share their emails.
 */
final class IdpAccounts {
    private static final int CHUNK = 500;

    private IdpAccounts() {
    }

    /**
     * Whether the user the member is linked to still exists in a directory that manages a plan. While it
     * does, no other user may take the member over; once it is deleted (or its directory disconnected),
     * the next user with the member's email may.
     */
    static boolean held(DSLContext tx, Member m) {
        if (m.userId() == null || m.directoryId() == null) {
            return false;
        }
        // by the unique id alone, the directory checked here (see ARCHITECTURE.md, "Storage")
        Record r = tx.select(Users.DIRECTORY_ID, Dir.PLAN_ID).from(Users.T)
                .join(Dir.T).on(Dir.ID.eq(Users.DIRECTORY_ID)).where(Users.ID.eq(m.userId())).fetchOne();
        return r != null && m.directoryId().equals(r.get(Users.DIRECTORY_ID)) && r.get(Dir.PLAN_ID) != null;
    }

    /** The users of these directories whose email (folded as member emails are) is {@code emailCi}, oldest first. */
    static List<StoredResource> withEmail(DSLContext tx, Collection<String> dirIds, String emailCi) {
        return withEmails(tx, dirIds, Set.of(emailCi)).getOrDefault(emailCi, List.of());
    }

    /**
     * The accounts that share each member's email, by member id: every user of the organization's
     * plan-managing directories with the member's email but the one it is linked to. A member linked to none
     * of them shares its email only when two or more use it. Members sharing nothing are left out.
     */
    static Map<String, List<SharedAccount>> shared(DSLContext tx, String orgId, List<Member> members) {
        List<String> dirs = tx.select(Dir.ID).from(Dir.T).where(Dir.ORG_ID.eq(orgId)).and(Dir.PLAN_ID.isNotNull())
                .fetch(Dir.ID);
        if (dirs.isEmpty() || members.isEmpty()) {
            return Map.of();
        }
        Set<String> emails = new TreeSet<>();
        members.forEach(m -> emails.add(SeatStore.fold(m.email())));
        Map<String, List<StoredResource>> users = withEmails(tx, dirs, emails);
        Map<String, List<SharedAccount>> out = new HashMap<>();
        for (Member m : members) {
            List<SharedAccount> others = new ArrayList<>();
            boolean linkedFound = false;
            for (StoredResource u : users.getOrDefault(SeatStore.fold(m.email()), List.of())) {
                if (u.id().equals(m.userId()) && u.directoryId().equals(m.directoryId())) {
                    linkedFound = true;
                } else {
                    others.add(new SharedAccount(u.directoryId(), u.id(), u.resource().path("userName").asString(""),
                            IdpUser.active(u.resource())));
                }
            }
            if (others.size() >= (linkedFound ? 1 : 2)) {
                out.put(m.id(), List.copyOf(others));
            }
        }
        return out;
    }

    /**
     * The users of these directories by their email, for each of {@code emailsCi}: candidates are looked up by
     * the folded email and userName indexes, then kept when {@link IdpUser#email} is the email.
     */
    private static Map<String, List<StoredResource>> withEmails(DSLContext tx, Collection<String> dirIds,
            Set<String> emailsCi) {
        Set<String> folded = new TreeSet<>();
        emailsCi.forEach(e -> folded.add(UserStore.fold(e)));
        List<String> keys = new ArrayList<>(folded);
        Set<Long> seqs = new TreeSet<>();
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            seqs.addAll(tx.select(UserEmails.USER_SEQ).from(UserEmails.T).where(UserEmails.DIRECTORY_ID.in(dirIds))
                    .and(UserEmails.VALUE_CI.in(chunk)).fetch(UserEmails.USER_SEQ));
            seqs.addAll(tx.select(Users.SEQ).from(Users.T).where(Users.DIRECTORY_ID.in(dirIds))
                    .and(Users.USER_NAME_CI.in(chunk)).fetch(Users.SEQ));
        }
        List<Long> all = new ArrayList<>(seqs);
        Map<String, List<StoredResource>> out = new LinkedHashMap<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            tx.select(Users.SEQ, Users.ID, Users.DIRECTORY_ID, Users.VERSION, Users.CREATED_AT, Users.LAST_MODIFIED,
                            Users.RESOURCE)
                    .from(Users.T).where(Users.SEQ.in(all.subList(from, Math.min(all.size(), from + CHUNK))))
                    .orderBy(Users.SEQ).fetch().map(UserStore::toUser).forEach(u -> {
                        String email = SeatStore.fold(IdpUser.email(u.resource()));
                        if (emailsCi.contains(email)) {
                            out.computeIfAbsent(email, k -> new ArrayList<>()).add(u);
                        }
                    });
        }
        return out;
    }
}
