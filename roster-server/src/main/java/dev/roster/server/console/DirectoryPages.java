package dev.roster.server.console;

import dev.roster.server.api.ApiException;
import dev.roster.server.console.Views.AttributeRow;
import dev.roster.server.console.Views.DirectoryPage;
import dev.roster.server.console.Views.TokenRow;
import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.directory.Directories.IssuedToken;
import dev.roster.server.directory.Directories;
import dev.roster.server.people.CustomAttributes.CustomField;
import dev.roster.server.people.CustomAttributes;
import dev.roster.server.seats.Seats;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A directory's page: base URL, tokens (rotate, revoke), the recent SCIM request log, and disconnecting it. */
final class DirectoryPages {
    private static final String DIR = "/console/orgs/{org}/directories/{dir}";
    static final int LOG_ROWS = 50;

    private final Console console;
    private final Directories directories;
    private final Seats seats;
    private final ConsoleQueries queries;
    private final CustomAttributes custom;

    DirectoryPages(Console console, Directories directories, Seats seats, CustomAttributes custom,
            ConsoleQueries queries) {
        this.console = console;
        this.custom = custom;
        this.directories = directories;
        this.seats = seats;
        this.queries = queries;
    }

    void register(RoutesConfig r) {
        r.get(DIR, console.page(ctx -> show(ctx, 200, directory(ctx), null, null)));
        r.post(DIR + "/tokens", console.page(ctx -> {
            Directory d = directory(ctx);
            IssuedToken t = directories.issueToken(d.id());
            show(ctx, 201, d, t.secret(), "A new token was made. Paste it into " + d.provider().displayName()
                    + ", check the connection, then revoke the old token below.");
        }));
        r.get(DIR + "/tokens/{token}/revoke", console.page(ctx -> {
            Directory d = directory(ctx);
            DirectoryPage page = page(ctx, d, null, null);
            Optional<TokenRow> token = page.tokens().stream().filter(t -> t.id().equals(ctx.pathParam("token")))
                    .findFirst();
            if (token.isEmpty()) {
                show(ctx, 404, d, null, "That token does not exist any more.");
                return;
            }
            console.render(ctx, 200, "revoke-token.jte", Map.of("chrome", console.chrome(ctx, "Revoke token",
                    d.organizationId()), "page", page, "tokenId", token.get().id(), "hint", token.get().hint(),
                    "last", page.tokens().size() == 1));
        }));
        r.post(DIR + "/tokens/{token}/revoke", console.page(ctx -> {
            Directory d = directory(ctx);
            boolean revoked = directories.revokeToken(d.id(), ctx.pathParam("token"));
            show(ctx, revoked ? 200 : 404, d, null, revoked ? "The token was revoked: requests that use it are "
                    + "refused from now on." : "That token does not exist any more.");
        }));
        r.post(DIR + "/attributes", console.page(ctx -> {
            Directory d = directory(ctx);
            Map<String, String> sources = new LinkedHashMap<>();
            for (CustomField f : custom.fields()) {
                String v = ctx.formParam("map." + f.name());
                if (v != null && !v.isBlank()) {
                    sources.put(f.name(), v.trim());
                }
            }
            try {
                custom.replaceMappings(d.id(), sources);
            } catch (ApiException e) {
                show(ctx, 400, d, null, e.getMessage() + ". Nothing was changed.", true);
                return;
            }
            show(ctx, 200, d, null, sources.isEmpty() ? "No attribute is mapped now: the app reads no custom "
                    + "attributes from " + d.provider().displayName() + "." : "Saved: the app reads "
                    + String.join(", ", sources.keySet()) + " from " + d.provider().displayName()
                    + " for every user, from now on.", false);
        }));
        r.get(DIR + "/disconnect", console.page(ctx -> {
            Directory d = directory(ctx);
            console.render(ctx, 200, "disconnect.jte", Map.of("chrome", console.chrome(ctx, "Disconnect "
                    + d.provider().displayName(), d.organizationId()), "page", page(ctx, d, null, null)));
        }));
        r.get(DIR + "/delete", console.page(ctx -> {
            Directory d = directory(ctx);
            if (refuseWhileManaging(ctx, d)) {
                return;
            }
            console.render(ctx, 200, "delete-directory.jte", Map.of("chrome", console.chrome(ctx, "Delete "
                    + d.provider().displayName() + " directory", d.organizationId()), "page", page(ctx, d, null, null)));
        }));
        r.post(DIR + "/delete", console.page(ctx -> {
            Directory d = directory(ctx);
            if (refuseWhileManaging(ctx, d)) {
                return;
            }
            directories.deleteDirectory(d.id());
            ctx.redirect("/console/orgs/" + d.organizationId() + "/plans?done=deleted", HttpStatus.SEE_OTHER);
        }));
        r.post(DIR + "/disconnect", console.page(ctx -> {
            Directory d = directory(ctx);
            directories.disconnect(d.id());
            ctx.redirect("/console/orgs/" + d.organizationId() + "/plans?done=disconnected", HttpStatus.SEE_OTHER);
        }));
    }

    /** A directory that manages a plan is disconnected first (the console deletes only disconnected ones). */
    private boolean refuseWhileManaging(Context ctx, Directory d) {
        if (d.planId() == null) {
            return false;
        }
        console.message(ctx, 409, "Disconnect it first", "This " + d.provider().displayName() + " directory manages "
                + "a plan. Disconnect it on its page first (nobody's seat changes); then it can be deleted.");
        return true;
    }

    private void show(Context ctx, int status, Directory d, String newToken, String notice) {
        show(ctx, status, d, newToken, notice, false);
    }

    private void show(Context ctx, int status, Directory d, String newToken, String notice, boolean error) {
        console.render(ctx, status, "directory.jte", Map.of("chrome", console.chrome(ctx,
                d.provider().displayName() + " directory", d.organizationId()), "page", page(ctx, d, newToken, notice,
                error)));
    }

    private DirectoryPage page(Context ctx, Directory d, String newToken, String notice) {
        return page(ctx, d, newToken, notice, false);
    }

    private DirectoryPage page(Context ctx, Directory d, String newToken, String notice, boolean error) {
        Map<String, String> mapped = new LinkedHashMap<>();
        custom.mappings(d.id()).forEach(m -> mapped.put(m.field(), m.source()));
        List<AttributeRow> attributes = custom.fields().stream().map(f -> new AttributeRow(f.name(),
                f.type().wireName(), f.description(), mapped.getOrDefault(f.name(), ""))).toList();
        String planName = d.planId() == null ? null : seats.plan(d.organizationId(), d.planId()).plan().name();
        List<TokenRow> tokens = directories.tokens(d.id()).stream()
                .map(t -> new TokenRow(t.id(), t.hint(), t.createdAt(), t.lastUsedAt())).toList();
        return new DirectoryPage(d.organizationId(), d.id(), d.provider().displayName(), d.name(),
                console.rootUrl(ctx) + "/scim/v2/" + d.id(), d.planId(), planName, d.lastRequestAt(),
                queries.errorsLast24h(d.id()), tokens, log(d, console.brand(ctx).name(), failuresOnly(ctx)), failuresOnly(ctx), newToken, notice,
                attributes, IdpGuide.of(d.provider(), console.brand(ctx)).attributes(), error);
    }

    /** {@code ?log=failures} shows only the requests that were refused or failed. */
    private static boolean failuresOnly(Context ctx) {
        return "failures".equals(ctx.queryParam("log"));
    }

    private List<RequestSummary.Line> log(Directory d, String product, boolean failuresOnly) {
        String provider = d.provider().displayName();
        return queries.log().recent(d.id(), LOG_ROWS, failuresOnly).stream()
                .map(e -> RequestSummary.of(provider, product, d.id(), e)).toList();
    }

    private Directory directory(Context ctx) {
        return console.directoryOf(ctx);
    }
}
