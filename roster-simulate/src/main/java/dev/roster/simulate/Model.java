package dev.roster.simulate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the simulated IdP believes the server holds: its users (with the ids the server issued, their
 * profile, whether they are active or deleted) and its pushed groups with their members. The checks
 * compare the server's answers with this.
 */
final class Model {
    /** A user of the IdP and, once provisioned, the id the server gave it. */
    static final class User {
        private volatile SimUser profile;
        private volatile String id;
        private volatile boolean active = true;
        private volatile boolean deleted;
        private volatile String managerId;

        User(SimUser profile) {
            this.profile = profile;
        }

        SimUser profile() {
            return profile;
        }

        void profile(SimUser p) {
            profile = p;
        }

        String id() {
            return id;
        }

        void id(String i) {
            id = i;
        }

        boolean provisioned() {
            return id != null && !deleted;
        }

        boolean active() {
            return active;
        }

        void active(boolean a) {
            active = a;
        }

        boolean deleted() {
            return deleted;
        }

        void deleted(boolean d) {
            deleted = d;
        }

        String managerId() {
            return managerId;
        }

        void managerId(String m) {
            managerId = m;
        }
    }

    /** A pushed group: its name, the id the server gave it, and the member ids it should have. */
    static final class Group {
        private final String name;
        private final Set<String> members = Collections.synchronizedSet(new LinkedHashSet<>());
        private volatile String id;
        private volatile boolean deleted;

        Group(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        String id() {
            return id;
        }

        void id(String i) {
            id = i;
        }

        Set<String> members() {
            synchronized (members) {
                return new LinkedHashSet<>(members);
            }
        }

        void add(String userId) {
            members.add(userId);
        }

        void remove(String userId) {
            members.remove(userId);
        }

        boolean deleted() {
            return deleted;
        }

        void deleted(boolean d) {
            deleted = d;
        }
    }

    private final List<User> users = new CopyOnWriteArrayList<>();
    private final List<Group> groups = new CopyOnWriteArrayList<>();

    User add(SimUser u) {
        User user = new User(u);
        users.add(user);
        return user;
    }

    Group group(String name) {
        Group g = new Group(name);
        groups.add(g);
        return g;
    }

    List<User> users() {
        return new ArrayList<>(users);
    }

    List<Group> groups() {
        return new ArrayList<>(groups);
    }

    /** Drops a deleted user from every group, as the server must. */
    void deleted(User u) {
        u.deleted(true);
        for (Group g : groups) {
            g.remove(u.id());
        }
    }
}
