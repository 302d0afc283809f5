package dev.roster.server.directory;

import static dev.roster.server.store.Tables.Dir;
import static dev.roster.server.store.Tables.DirToken;
import static dev.roster.server.store.Tables.Org;
import static dev.roster.server.store.Tables.Users;
import static org.jooq.impl.DSL.param;

import dev.roster.server.api.ApiException;
import dev.roster.server.store.Database;
import dev.roster.server.store.Dialect;
import dev.roster.server.store.HotQuery;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Organizations, their SCIM directories and the directories' bearer tokens. A directory may hold
 * several tokens at once, so that a token can be rotated with no downtime: create the new one, move
 * the IdP over, then revoke the old one.
 */
public final class Directories {
    private static final Logger LOG = LoggerFactory.getLogger(Directories.class);

    /**
     * What an operator sees of an organization. {@code externalId} is the app's own id of it (its tenant id), so
     * the app can find it by what it already knows; null when the app set none. At most one organization has each.
     */
    public record Organization(String id, String name, String externalId, long createdAt) {
    }

    /** A change to an organization: a null field stays as it is; {@code clearExternalId} removes the externalId. */
    public record OrganizationChange(String name, String externalId, boolean clearExternalId) {
    }

    /** What an operator sees of a directory (never its tokens). */
    public record Directory(String id, String organizationId, Provider provider, String name, long createdAt,
            Long lastRequestAt, String planId) {
    }

    /** A token as listed: its id, the last characters, and when it was made and last used. */
    public record TokenInfo(String id, String directoryId, String hint, long createdAt, Long lastUsedAt) {
    }

    /**
     * A request's credentials, checked: the directory and the token that opened it. {@code remembered} when the
     * check was this node's memory of an earlier one ({@link #authenticateForWrite}), not a read of the database.
     */
    public record Authenticated(Directory directory, String tokenId, Long tokenLastUsedAt, boolean remembered) {
    }

    /** A newly made token: the only moment its secret is known. */
    public record IssuedToken(TokenInfo info, String secret) {
    }

    private final Database db;
    private final Clock clock;
    private final DirectoryListener listener;
    /** When this node last recorded each token's use (token id to epoch ms). */
    private final Map<String, AtomicLong> lastTouched = new ConcurrentHashMap<>();
    /** How long {@link #authenticateForWrite} answers from memory before it reads the token again. */
    static final long REMEMBER_MILLIS = 60_000;
    /** Tokens remembered at most; beyond, the memory starts over. */
    private static final int REMEMBER_MAX = 10_000;
    /** Tokens this node looked up lately, by SHA-256, for writes ({@link #authenticateForWrite}; SQLite only). */
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    private record Remembered(Authenticated auth, long at) {
    }

    public Directories(Database db, Clock clock) {
        this(db, clock, DirectoryListener.NONE);
    }

    public Directories(Database db, Clock clock, DirectoryListener listener) {
        this.db = db;
        this.clock = clock;
        this.listener = listener;
    }

    public Organization createOrganization(String name) {
        return createOrganization(name, null);
    }

    /**
     * Creates an organization, with the app's id of it when {@code externalId} is not null. An externalId another
     * organization holds is an {@code external_id_taken} error: the unique index decides, so two requests racing
     * for one externalId cannot both win.
     */
    public Organization createOrganization(String name, String externalId) {
        Organization org = new Organization(Secrets.newId(), OrganizationText.name(name),
                externalId == null ? null : OrganizationText.externalId(externalId), clock.millis());
        try {
            return db.inTransaction(tx -> {
                tx.insertInto(Org.T).set(Org.ID, org.id()).set(Org.NAME, org.name())
                        .set(Org.EXTERNAL_ID, org.externalId()).set(Org.CREATED_AT, org.createdAt()).execute();
                return org;
            });
        } catch (RuntimeException e) {
            throw externalIdTaken(e, org.externalId());
        }
    }

    public Optional<Organization> organization(String id) {
        return db.dsl().selectFrom(Org.T).where(Org.ID.eq(id)).fetchOptional().map(Directories::toOrg);
    }

    /** The organization the app knows by {@code externalId} (compared exactly), if any. */
    public Optional<Organization> organizationByExternalId(String externalId) {
        return db.dsl().selectFrom(Org.T).where(Org.EXTERNAL_ID.eq(externalId)).fetchOptional()
                .map(Directories::toOrg);
    }

    /** Renames an organization or sets or removes its externalId (see {@link #createOrganization(String, String)}). */
    public Organization updateOrganization(String id, OrganizationChange change) {
        String name = change.name() == null ? null : OrganizationText.name(change.name());
        String externalId = change.externalId() == null ? null : OrganizationText.externalId(change.externalId());
        try {
            return db.inTransaction(tx -> {
                Organization old = lockedOrganization(tx, id);
                Organization next = new Organization(id, name == null ? old.name() : name,
                        change.clearExternalId() ? null : externalId == null ? old.externalId() : externalId,
                        old.createdAt());
                tx.update(Org.T).set(Org.NAME, next.name()).set(Org.EXTERNAL_ID, next.externalId())
                        .where(Org.ID.eq(id)).execute();
                return next;
            });
        } catch (RuntimeException e) {
            throw externalIdTaken(e, externalId);
        }
    }

    /**
     * Deletes an organization and everything of it, in one transaction: each directory as
     * {@link #deleteDirectory} does it (tokens revoked, users and groups deleted, a linked plan unlinked, one
     * {@code directory.deleted} event each), then the organization's row, which takes its plans, members, webhook
     * endpoints, portal links and console sessions with it (ON DELETE CASCADE; SQLite enforces foreign keys on
     * every connection, see {@code store.Database}), then the listeners (the audit log, {@code organization.deleted}).
     * Its events stay until retention removes them. While it has directories and {@code force} is false it
     * refuses, changing nothing. The organization's row is held from the start, so on PostgreSQL a directory
     * created meanwhile waits for the outcome instead of slipping past the check.
     */
    public Organization deleteOrganization(String id, boolean force) {
        return db.inBulkTransaction(tx -> {
            Organization org = lockedOrganization(tx, id);
            List<Directory> dirs = tx.selectFrom(Dir.T).where(Dir.ORG_ID.eq(id)).orderBy(Dir.CREATED_AT, Dir.ID)
                    .fetch().map(Directories::toDir);
            if (!dirs.isEmpty() && !force) {
                throw ApiException.organizationHasDirectories(id, dirs.size());
            }
            dirs.forEach(d -> delete(tx, d));
            tx.deleteFrom(Org.T).where(Org.ID.eq(id)).execute();
            listener.afterOrganizationDelete(tx, org);
            return org;
        });
    }

    private static Organization lockedOrganization(DSLContext tx, String id) {
        return Dialect.lockingRows(tx, tx.selectFrom(Org.T).where(Org.ID.eq(id))).fetchOptional()
                .map(Directories::toOrg).orElseThrow(() -> ApiException.organizationNotFound(id));
    }

    /**
     * A write that broke the unique index on externalId, as the error that names the organization holding it;
     * any other failure as it was.
     */
    private RuntimeException externalIdTaken(RuntimeException e, String externalId) {
        if (externalId == null || !Dialect.isUniqueViolation(e)) {
            return e;
        }
        return ApiException.externalIdTaken(externalId,
                organizationByExternalId(externalId).map(Organization::id).orElse(null));
    }

    public List<Organization> organizations() {
        return db.dsl().selectFrom(Org.T).orderBy(Org.CREATED_AT, Org.ID).fetch().map(Directories::toOrg);
    }

    /** Creates a directory and its first token. */
    public IssuedToken createDirectory(String orgId, Provider provider, String name) {
        return createDirectory(orgId, provider, name, null);
    }

    /** Creates a directory linked to a paid plan (or to none when {@code planId} is null), and its first token. */
    public IssuedToken createDirectory(String orgId, Provider provider, String name, String planId) {
        if (name != null && name.length() > 200) {
            throw ApiException.invalidField("name", "name is longer than 200 characters");
        }
        String dirId = Secrets.newId();
        String token = Secrets.newToken("rst_");
        return db.inTransaction(tx -> {
            long now = clock.millis();
            if (planId != null) {
                listener.beforeLink(tx, orgId, planId);
            }
            String shownName = name == null || name.isBlank() ? provider.displayName() : name.trim();
            tx.insertInto(Dir.T).set(Dir.ID, dirId).set(Dir.ORG_ID, orgId).set(Dir.PROVIDER, provider.id())
                    .set(Dir.NAME, shownName).set(Dir.CREATED_AT, now).set(Dir.PLAN_ID, planId).execute();
            listener.afterCreate(tx, new Directory(dirId, orgId, provider, shownName, now, null, planId));
            return insertToken(tx, dirId, token, now);
        });
    }

    /**
     * Unlinks the directory from its plan: the plan's membership stays as it is and can be managed by hand
     * again. The directory keeps serving SCIM. False when it was not linked.
     */
    public boolean disconnect(String dirId) {
        return db.inTransaction(tx -> {
            Optional<Directory> d = tx.selectFrom(Dir.T).where(Dir.ID.eq(dirId)).fetchOptional().map(Directories::toDir);
            // conditional on the plan read: of two disconnects racing, one unlinks and records the event
            if (d.isEmpty() || d.get().planId() == null || tx.update(Dir.T).setNull(Dir.PLAN_ID)
                    .where(Dir.ID.eq(dirId)).and(Dir.PLAN_ID.eq(d.get().planId())).execute() == 0) {
                return false;
            }
            listener.afterUnlink(tx, dirId, d.get().planId());
            listener.afterDisconnect(tx, d.get());
            return true;
        });
    }

    public Optional<Directory> directory(String id) {
        return db.dsl().selectFrom(Dir.T).where(Dir.ID.eq(id)).fetchOptional().map(Directories::toDir);
    }

    public List<Directory> directories(String orgId) {
        return db.dsl().selectFrom(Dir.T).where(Dir.ORG_ID.eq(orgId)).orderBy(Dir.CREATED_AT, Dir.ID).fetch()
                .map(Directories::toDir);
    }

    /**
     * Deletes the directory, its tokens and every resource it provisioned. A linked plan is unlinked first,
     * so its membership stays as it is.
     */
    public boolean deleteDirectory(String id) {
        return db.inBulkTransaction(tx -> {
            Optional<Directory> d = tx.selectFrom(Dir.T).where(Dir.ID.eq(id)).fetchOptional().map(Directories::toDir);
            d.ifPresent(dir -> delete(tx, dir));
            return d.isPresent();
        });
    }

    /**
     * Cancels a directory's setup: deletes it with its tokens when its IdP has never made an authenticated
     * request nor provisioned anyone; false (nothing changed) when it has, or when there is no such directory.
     */
    public boolean cancelSetup(String id) {
        return db.inTransaction(tx -> {
            Optional<Directory> d = tx.selectFrom(Dir.T).where(Dir.ID.eq(id)).and(Dir.LAST_REQUEST_AT.isNull())
                    .fetchOptional().map(Directories::toDir);
            if (d.isEmpty() || tx.fetchExists(Users.T, Users.DIRECTORY_ID.eq(id))) {
                return false;
            }
            delete(tx, d.get());
            return true;
        });
    }

    /** Deletes one directory in {@code tx}: every path that deletes a directory comes here, so each records it. */
    private void delete(DSLContext tx, Directory d) {
        if (d.planId() != null) {
            tx.update(Dir.T).setNull(Dir.PLAN_ID).where(Dir.ID.eq(d.id())).execute();
            listener.afterUnlink(tx, d.id(), d.planId());
        }
        tx.deleteFrom(Dir.T).where(Dir.ID.eq(d.id())).execute();
        listener.afterDelete(tx, d);
    }

    public IssuedToken issueToken(String dirId) {
        String token = Secrets.newToken("rst_");
        return db.inTransaction(tx -> {
            IssuedToken t = insertToken(tx, dirId, token, clock.millis());
            tx.selectFrom(Dir.T).where(Dir.ID.eq(dirId)).fetchOptional().map(Directories::toDir)
                    .ifPresent(d -> listener.afterTokenIssued(tx, d, t.info()));
            return t;
        });
    }

    public List<TokenInfo> tokens(String dirId) {
        return db.dsl().selectFrom(DirToken.T).where(DirToken.DIRECTORY_ID.eq(dirId))
                .orderBy(DirToken.CREATED_AT, DirToken.ID).fetch().map(Directories::toToken);
    }

    /**
     * Revokes one token. The last token of a directory can be revoked too: the IdP is then locked out
     * until a new token is issued, which is what an operator who suspects a leak wants.
     */
    public boolean revokeToken(String dirId, String tokenId) {
        return db.dsl().deleteFrom(DirToken.T).where(DirToken.ID.eq(tokenId)).and(DirToken.DIRECTORY_ID.eq(dirId))
                .execute() > 0;
    }

    /** Whether a token still opens a directory: every write on a remembered token runs it in its transaction. */
    private static final HotQuery TOKEN_OPENS = HotQuery.of(dsl -> dsl.selectOne().from(DirToken.T)
            .where(DirToken.ID.eq(param("token", String.class))).and(DirToken.DIRECTORY_ID.eq(param("dir", String.class))),
            "token", "dir");

    /** The token and its directory by the token's SHA-256: every SCIM request runs it, so it is rendered once. */
    private static final HotQuery BY_TOKEN_HASH = HotQuery.of(dsl -> dsl.select(DirToken.TOKEN_HASH, DirToken.ID,
                    DirToken.LAST_USED_AT, Dir.ID, Dir.ORG_ID, Dir.PROVIDER, Dir.NAME, Dir.CREATED_AT,
                    Dir.LAST_REQUEST_AT, Dir.PLAN_ID)
            .from(DirToken.T).join(Dir.T).on(Dir.ID.eq(DirToken.DIRECTORY_ID))
            .where(DirToken.TOKEN_HASH.eq(param("hash", String.class))), "hash");

    /**
     * The directory this bearer token opens, when the token is valid for {@code dirId}; looks the token
     * up by its SHA-256 and compares the stored hash in constant time.
     */
    public Optional<Authenticated> authenticate(String dirId, String bearer) {
        if (bearer == null || bearer.isEmpty()) {
            return Optional.empty();
        }
        return authenticateHash(dirId, Secrets.sha256(bearer));
    }

    /** {@link #authenticate} for a caller that has hashed the bearer token already ({@link Secrets#sha256}). */
    public Optional<Authenticated> authenticateHash(String dirId, String hash) {
        if (hash == null || dirId == null) {
            return Optional.empty();
        }
        Record r = BY_TOKEN_HASH.with("hash", hash).fetchOptional(db.dsl()).orElse(null);
        if (r == null || !Secrets.hashEquals(hash, r.get(DirToken.TOKEN_HASH)) || !dirId.equals(r.get(Dir.ID))) {
            return Optional.empty();
        }
        return Optional.of(new Authenticated(toDir(r), r.get(DirToken.ID), r.get(DirToken.LAST_USED_AT), false));
    }

    /**
     * {@link #authenticateHash} for a request that writes: on SQLite it may answer from this node's memory of an
     * earlier look-up of the same token for the same directory (at most {@link #REMEMBER_MILLIS} old), which the
     * request must then confirm inside each of its transactions ({@link #whileTokenValid}).
     *
     * <p>Why: on SQLite a read on a connection that another one has just written through starts with an emptied
     * page cache, and under a stream of writes every request's first read meets one; for a write that first read
     * was the token's, about a sixth of its CPU (BENCHMARKS.md, "Writes read what they need on the writer"). The
     * same check inside the transaction runs on the writer's own connection, whose cache the commits keep warm,
     * and it is exact: serialised with every other write, so a write never commits after its token's revocation
     * (or its directory's deletion) did, on any node or process. Reads still look the token up every time, so a
     * revoked token reads nothing either. On PostgreSQL the check would cost the same round trip inside the
     * transaction as before it, so there this always reads.
     */
    public Optional<Authenticated> authenticateForWrite(String dirId, String hash) {
        if (hash == null || dirId == null || db.dialect() != Dialect.SQLITE) {
            return authenticateHash(dirId, hash);
        }
        long now = clock.millis();
        Remembered r = remembered.get(hash);
        if (r != null && now - r.at() < REMEMBER_MILLIS && r.auth().directory().id().equals(dirId)) {
            return Optional.of(r.auth());
        }
        Optional<Authenticated> fresh = authenticateHash(dirId, hash);
        if (fresh.isPresent()) {
            if (remembered.size() >= REMEMBER_MAX) {
                remembered.clear(); // tokens come and go; this only spares reads
            }
            Authenticated a = fresh.get();
            remembered.put(hash, new Remembered(new Authenticated(a.directory(), a.tokenId(), a.tokenLastUsedAt(),
                    true), now));
        } else {
            remembered.remove(hash);
        }
        return fresh;
    }

    /**
     * Runs {@code action} so that each transaction it starts first checks, in that transaction, that the token of
     * {@code auth} still opens its directory; when it no longer does (revoked, or the directory deleted, since it
     * was remembered), that transaction writes nothing, this node forgets the token, and {@code revoked}'s
     * exception reaches the caller. An action that ended without a transaction (a refused body, say) is checked
     * once afterwards, on a read of its own, so its answer too is {@code revoked}'s when the token no longer
     * holds. An {@code auth} read from the database runs {@code action} as it is.
     */
    public <T> T whileTokenValid(Authenticated auth, Supplier<? extends RuntimeException> revoked,
            Supplier<T> action) {
        if (!auth.remembered()) {
            return action.get();
        }
        boolean[] checked = {false};
        T result;
        try {
            result = db.withTransactionCheck(tx -> {
                checked[0] = true;
                confirm(tx, auth, revoked);
            }, action);
        } catch (RuntimeException | Error e) {
            if (!checked[0]) {
                confirm(db.dsl(), auth, revoked);
            }
            throw e;
        }
        if (!checked[0]) {
            confirm(db.dsl(), auth, revoked);
        }
        return result;
    }

    private void confirm(DSLContext dsl, Authenticated auth, Supplier<? extends RuntimeException> revoked) {
        if (TOKEN_OPENS.with("token", auth.tokenId()).with("dir", auth.directory().id()).fetch(dsl).isEmpty()) {
            remembered.values().removeIf(r -> r.auth().tokenId().equals(auth.tokenId()));
            throw revoked.get();
        }
    }

    /**
     * Records when the directory and the token were last used: at most one write a second per token, and
     * never a reason to fail the request that triggered it.
     */
    public void touch(Authenticated auth) {
        long now = clock.millis();
        if (auth.tokenLastUsedAt() != null && now - auth.tokenLastUsedAt() <= 1000) {
            return;
        }
        // the stored time is read before this request's own write: without this, every request in flight
        // when the second turns would write too (and wait for that write's commit)
        AtomicLong last = lastTouched.computeIfAbsent(auth.tokenId(), id -> new AtomicLong());
        long seen = last.get();
        if (now - seen <= 1000 || !last.compareAndSet(seen, now)) {
            return;
        }
        if (lastTouched.size() > 10_000) {
            lastTouched.clear(); // tokens come and go; this only spares writes
        }
        try {
            db.inTransaction(tx -> {
                boolean first = tx.update(Dir.T).set(Dir.LAST_REQUEST_AT, now).where(Dir.ID.eq(auth.directory().id()))
                        .and(Dir.LAST_REQUEST_AT.isNull()).execute() == 1;
                if (first) {
                    listener.afterFirstRequest(tx, auth.directory());
                } else {
                    tx.update(Dir.T).set(Dir.LAST_REQUEST_AT, now).where(Dir.ID.eq(auth.directory().id())).execute();
                }
                return tx.update(DirToken.T).set(DirToken.LAST_USED_AT, now).where(DirToken.ID.eq(auth.tokenId()))
                        .execute();
            });
        } catch (RuntimeException e) {
            LOG.warn("could not record the last request of directory {}: {}", auth.directory().id(), e.toString());
        }
    }

    private static IssuedToken insertToken(DSLContext tx, String dirId, String token, long now) {
        String id = Secrets.newId();
        String hint = Secrets.hint(token);
        tx.insertInto(DirToken.T).set(DirToken.ID, id).set(DirToken.DIRECTORY_ID, dirId)
                .set(DirToken.TOKEN_HASH, Secrets.sha256(token)).set(DirToken.HINT, hint)
                .set(DirToken.CREATED_AT, now).execute();
        return new IssuedToken(new TokenInfo(id, dirId, hint, now, null), token);
    }

    private static Organization toOrg(Record r) {
        return new Organization(r.get(Org.ID), r.get(Org.NAME), r.get(Org.EXTERNAL_ID), r.get(Org.CREATED_AT));
    }

    private static Directory toDir(Record r) {
        return new Directory(r.get(Dir.ID), r.get(Dir.ORG_ID), Provider.parse(r.get(Dir.PROVIDER)), r.get(Dir.NAME),
                r.get(Dir.CREATED_AT), r.get(Dir.LAST_REQUEST_AT), r.get(Dir.PLAN_ID));
    }

    private static TokenInfo toToken(Record r) {
        return new TokenInfo(r.get(DirToken.ID), r.get(DirToken.DIRECTORY_ID), r.get(DirToken.HINT),
                r.get(DirToken.CREATED_AT), r.get(DirToken.LAST_USED_AT));
    }
}
