package dev.roster.server.bench;

import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.ResourceValidator;
import dev.roster.server.provisioning.ScimJson;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark's users: user {@code i} is a function of {@code i} alone, shaped like what Okta sends
 * on create, and normalised the way {@code POST /Users} normalises a body before it is stored.
 */
final class BenchUsers {
    private static final ResourceType USER = ResourceType.user();

    private BenchUsers() {
    }

    static String userName(long i) {
        return "user" + i + "@bench.example";
    }

    static String email(long i) {
        return "given" + i + ".family" + i + "@mail.bench.example";
    }

    /** The stored form of user {@code i}. */
    static ObjectNode user(long i) {
        ObjectNode u = ScimJson.object();
        u.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        u.put("userName", userName(i));
        u.put("externalId", "00u" + Long.toString(1_000_000_000L + i, 36));
        ObjectNode name = u.putObject("name");
        name.put("givenName", "Given" + i);
        name.put("familyName", "Family" + i);
        u.put("displayName", "Given" + i + " Family" + i);
        u.put("locale", "en-US");
        ObjectNode email = u.putArray("emails").addObject();
        email.put("value", email(i));
        email.put("type", "work");
        email.put("primary", true);
        u.put("active", true);
        ObjectNode normal = ResourceValidator.normalize(USER, u).resource();
        if (!normal.has("active")) {
            normal.put("active", true);
        }
        return normal;
    }

    /** Users {@code from} (inclusive) to {@code to} (exclusive). */
    static List<ObjectNode> users(long from, long to) {
        List<ObjectNode> out = new ArrayList<>((int) (to - from));
        for (long i = from; i < to; i++) {
            out.add(user(i));
        }
        return out;
    }
}
