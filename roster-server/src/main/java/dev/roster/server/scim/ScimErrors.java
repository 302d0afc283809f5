package dev.roster.server.scim;

import dev.roster.scim.ScimException;
import dev.roster.server.provisioning.ScimJson;
import io.javalin.http.Context;
import tools.jackson.databind.node.ObjectNode;

/** Renders every SCIM error as an RFC 7644 §3.12 body, in this one place. */
public final class ScimErrors {
    /** The request attribute that holds the detail of the error answered, for the console's request log. */
    public static final String DETAIL_ATTRIBUTE = "roster.scimErrorDetail";
    /** The userName or group name a request was about, for the console's request log. */
    public static final String SUBJECT_ATTRIBUTE = "roster.scimSubject";
    /** What a request changed ({@code created}, {@code deactivated}, ...), for the console's request log. */
    public static final String CHANGE_ATTRIBUTE = "roster.scimChange";

    /** Notes what a request did, for the console's request log. */
    static void note(Context ctx, String subject, String change) {
        ctx.attribute(SUBJECT_ATTRIBUTE, subject);
        ctx.attribute(CHANGE_ATTRIBUTE, change);
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

    public static void render(Context ctx, ScimException e) {
        render(ctx, e.status(), e.scimType(), e.detail());
    }

    public static void render(Context ctx, int status, String scimType, String detail) {
        ctx.attribute(DETAIL_ATTRIBUTE, detail);
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"roster\"");
        }
        ctx.status(status).contentType(ScimJson.MEDIA_TYPE).result(ScimJson.writeBytes(body(status, scimType, detail)));
    }
}
