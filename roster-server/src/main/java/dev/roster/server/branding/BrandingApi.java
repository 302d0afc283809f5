package dev.roster.server.branding;

import dev.roster.server.api.ApiException;
import dev.roster.server.config.BrandSettings;
import dev.roster.server.directory.AdminApi;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET/PUT /api/v1/branding}, the operator's brand, and what the console's pages load of it:
 * {@code /console/brand.css} (the accent as a CSS custom property, since the CSP allows no inline style) and
 * {@code /console/brand-logo} (a data: logo, served with a policy that runs nothing in it). Both answer with an
 * ETag and {@code no-cache}, so that browsers ask again each time and get a 304 while nothing changed.
 */
public final class BrandingApi {
    static final String PATH = "/api/v1/branding";
    private static final Set<String> FIELDS = Set.of("name", "logo", "accent", "oktaApp");
    private static final String LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    private final Branding branding;

    public BrandingApi(Branding branding) {
        this.branding = branding;
    }

    public void register(RoutesConfig r, AdminApi admin) {
        r.get(PATH, admin.operator(ctx -> AdminApi.send(ctx, 200, json())));
        r.put(PATH, admin.operator(this::put));
        r.get(Brand.CSS_PATH, ctx -> {
            String css = branding.current().css();
            cacheable(ctx, Brand.version(css), "text/css; charset=utf-8", css.getBytes(StandardCharsets.UTF_8));
        });
        r.get(Brand.LOGO_PATH, this::logo);
    }

    /**
     * {@code {"name"?, "logo"?, "accent"?, "oktaApp"?}}: replaces what the API set before. A part left out or null
     * falls back to the serve setting; {@code {}} returns to the serve settings altogether.
     */
    private void put(Context ctx) {
        JsonNode b = AdminApi.jsonBody(ctx);
        for (Map.Entry<String, JsonNode> e : b.properties()) {
            if (!FIELDS.contains(e.getKey())) {
                throw ApiException.invalidField(e.getKey(), "unknown field '" + e.getKey() + "'; the brand has name, "
                        + "logo, accent and oktaApp");
            }
        }
        branding.store(new BrandSettings(text(b, "name"), text(b, "logo"), text(b, "accent"), text(b, "oktaApp")));
        AdminApi.send(ctx, 200, json());
    }

    /** The brand the console shows, then what the API stored and what serve was started with. */
    private ObjectNode json() {
        BrandSettings stored = branding.stored();
        Brand effective = Brand.of(stored.or(branding.configured()));
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", effective.name());
        n.put("logo", effective.logo());
        n.put("accent", effective.accent());
        n.put("oktaApp", effective.oktaApp());
        n.set("stored", settingsJson(stored));
        n.set("configured", settingsJson(branding.configured()));
        return n;
    }

    private static ObjectNode settingsJson(BrandSettings s) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", s.name());
        n.put("logo", s.logo());
        n.put("accent", s.accent());
        n.put("oktaApp", s.oktaApp());
        return n;
    }

    private void logo(Context ctx) {
        Brand.LogoImage image = branding.current().logoImage();
        if (image == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("no logo is set");
            return;
        }
        ctx.header("Content-Security-Policy", LOGO_POLICY);
        cacheable(ctx, image.version(), image.type(), image.bytes());
    }

    private static void cacheable(Context ctx, String version, String type, byte[] body) {
        String etag = "\"" + version + "\"";
        ctx.header("ETag", etag).header("Cache-Control", "no-cache");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(type).result(body);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw ApiException.invalidField(field, field + " must be a string, got " + v.getNodeType().name()
                    .toLowerCase(Locale.ROOT));
        }
        return v.stringValue();
    }
}
