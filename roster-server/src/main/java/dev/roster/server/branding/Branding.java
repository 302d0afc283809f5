package dev.roster.server.branding;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.roster.server.config.BrandSettings;
import dev.roster.server.store.Database;
import java.time.Clock;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The operator's brand, as the console shows it: each part set through the API (the {@code branding} table) wins
 * over the one of {@code roster serve}'s flags, environment or config file, which wins over Roster's own. Nodes
 * share the database, and each read goes to it (one row by primary key, per console page, stylesheet or logo),
 * so a {@code PUT} on one node shows on every node's next page without a cache to expire.
 */
public final class Branding {
    private static final Table<Record> T = table(name("branding"));
    private static final Field<Integer> ID = field(name("branding", "id"), SQLDataType.INTEGER);
    private static final Field<String> NAME = field(name("branding", "product_name"), SQLDataType.VARCHAR);
    private static final Field<String> LOGO = field(name("branding", "logo"), SQLDataType.CLOB);
    private static final Field<String> ACCENT = field(name("branding", "accent"), SQLDataType.VARCHAR);
    private static final Field<String> OKTA_APP = field(name("branding", "okta_app"), SQLDataType.VARCHAR);
    private static final Field<Long> UPDATED_AT = field(name("branding", "updated_at"), SQLDataType.BIGINT);
    private static final int ROW = 1;

    private final Database db;
    private final Clock clock;
    private final BrandSettings configured;

    /** {@code configured}: the settings of {@code roster serve} (flags, environment, config file). */
    public Branding(Database db, Clock clock, BrandSettings configured) {
        this.db = db;
        this.clock = clock;
        this.configured = configured == null ? BrandSettings.NONE : configured;
    }

    /** The brand to show now. */
    public Brand current() {
        return Brand.of(stored().or(configured));
    }

    /** What {@code roster serve} was started with. */
    BrandSettings configured() {
        return configured;
    }

    /** What was set through the API (parts not set are null). */
    BrandSettings stored() {
        Record r = db.dsl().select(NAME, LOGO, ACCENT, OKTA_APP).from(T).where(ID.eq(ROW)).fetchOne();
        if (r == null) {
            return BrandSettings.NONE;
        }
        return new BrandSettings(r.get(NAME), r.get(LOGO), r.get(ACCENT), r.get(OKTA_APP));
    }

    /** Replaces what was set through the API: a null part falls back to the serve setting. */
    void store(BrandSettings s) {
        db.inTransaction(tx -> tx.update(T).set(NAME, s.name()).set(LOGO, s.logo()).set(ACCENT, s.accent())
                .set(OKTA_APP, s.oktaApp()).set(UPDATED_AT, clock.millis()).where(ID.eq(ROW)).execute());
    }
}
