package dev.roster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.param;

import dev.roster.server.store.Tables.Dir;
import dev.roster.server.store.Tables.Org;
import dev.roster.server.support.Backend;
import java.util.List;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/** Hot queries on each database: values bound by name, rows read into the template's fields by position. */
abstract class HotQueryContract {
    protected abstract Backend backend();

    private static final HotQuery DIRECTORY_AND_ORG = HotQuery.of(dsl -> dsl.select(Org.ID, Dir.ID, Dir.NAME, Org.NAME)
            .from(Dir.T).join(Org.T).on(Org.ID.eq(Dir.ORG_ID))
            .where(Dir.NAME.eq(param("name", String.class))).and(Org.NAME.eq(param("org", String.class))),
            "org", "name");
    private static final HotQuery RENAME = HotQuery.of(dsl -> dsl.update(Org.T).set(Org.NAME, param("to", String.class))
            .where(Org.ID.eq(param("id", String.class))), "id", "to");

    @Test
    void columnsOfTheSameNameAreReadIntoTheirOwnFieldsAndValuesAreBoundByName() {
        try (Database db = Database.open(backend().freshConfig())) {
            acme(db, "('d1', 'o1', 'okta', 'Main', 0)");
            Record r = DIRECTORY_AND_ORG.with("org", "Acme").with("name", "Main").fetchOptional(db.dsl()).orElseThrow();
            assertThat(r.get(Org.ID)).isEqualTo("o1");
            assertThat(r.get(Dir.ID)).isEqualTo("d1");
            assertThat(r.get(Dir.NAME)).isEqualTo("Main");
            assertThat(r.get(Org.NAME)).isEqualTo("Acme");
            assertThat(DIRECTORY_AND_ORG.with("name", "Acme").with("org", "Main").fetch(db.dsl())).isEmpty();
            int renamed = db.inTransaction(tx -> RENAME.with("to", "Acme 2").with("id", "o1").execute(tx));
            assertThat(renamed).isEqualTo(1);
            assertThat(DIRECTORY_AND_ORG.with("name", "Main").with("org", "Acme 2").fetch(db.dsl())).hasSize(1);
        }
    }

    private static final HotQuery DIRECTORIES_OF = HotQuery.of(dsl -> dsl.select(Dir.ID, Dir.NAME).from(Dir.T)
            .where(Dir.ORG_ID.eq(param("org", String.class))).orderBy(Dir.ID), "org");

    @Test
    void everyRowIsARecordOfItsOwnThatACallerMayChange() {
        try (Database db = Database.open(backend().freshConfig())) {
            acme(db, "('d1', 'o1', 'okta', 'Main', 0), ('d2', 'o1', 'entra', 'Second', 0)");
            List<Record> first = DIRECTORIES_OF.with("org", "o1").fetch(db.dsl());
            assertThat(first).extracting(r -> r.get(Dir.NAME)).containsExactly("Main", "Second");
            assertThat(first).allSatisfy(r -> assertThat(r.changed()).isFalse());
            first.get(0).set(Dir.NAME, "changed by a caller");
            first.get(1).set(Dir.ID, null);

            List<Record> again = DIRECTORIES_OF.with("org", "o1").fetch(db.dsl());
            assertThat(again).extracting(r -> r.get(Dir.ID)).containsExactly("d1", "d2");
            assertThat(again).extracting(r -> r.get(Dir.NAME)).containsExactly("Main", "Second");
            assertThat(DIRECTORIES_OF.with("org", "nobody").fetch(db.dsl())).isEmpty();
            assertThat(first.get(0).get(Dir.NAME)).isEqualTo("changed by a caller");
        }
    }

    /** Organization o1 (Acme) with the directories of {@code directoryRows}, each in a transaction of its own. */
    private static void acme(Database db, String directoryRows) {
        db.inTransaction(tx -> tx.execute("INSERT INTO organization (id, name, created_at) VALUES ('o1', 'Acme', 0)"));
        db.inTransaction(tx -> tx.execute("INSERT INTO directory (id, organization_id, provider, name, created_at) "
                + "VALUES " + directoryRows));
    }
}
