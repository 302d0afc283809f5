package dev.roster.server.scim;

import dev.roster.scim.ScimException;
import dev.roster.server.provisioning.ScimJson;
import tools.jackson.databind.node.ObjectNode;

/** Renders every SCIM error as an RFC 7644 §3.12 body, in this one place. */
public final class ScimErrors {
    /** Notes what a request did, for the console's request log. */
    static void note(ScimExchange ex, String subject, String change) {
        ex.note(subject, change);
    }

    public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private ScimErrors() {
    }

    public static ObjectNode body(int status, String scimType, String detail) {
        ObjectNode b = ScimJson.object();
        b.putArray("schemas").add(ERROR_SCHEMA);
        b.put("status", String.valueOf(status));
        if (scimType != null) {
            b.put("scimType", scimType);
        }
        b.put("detail", detail);
        return b;
    }

    public static void render(ScimExchange ex, ScimException e) {
        render(ex, e.status(), e.scimType(), e.detail());
    }

    public static void render(ScimExchange ex, int status, String scimType, String detail) {
        ex.detail(detail);
        if (status == 401) {
            ex.header("WWW-Authenticate", "Bearer realm=\"roster\"");
        }
        ex.send(status, ScimJson.MEDIA_TYPE, ScimJson.writeBytes(body(status, scimType, detail)));
    }
}
