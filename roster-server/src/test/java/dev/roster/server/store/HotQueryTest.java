package dev.roster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.server.store.Tables.Users;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class HotQueryTest {
    private final HotQuery query = HotQuery.of(dsl -> dsl.selectOne(), "dir", "name");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a = :dir and b = :name | a = ? and b = ? | 0,1",
        "a = :name or b = :dir or c = :name | a = ? or b = ? or c = ? | 1,0,1",
        "a = ':dir' and b = :name | a = ':dir' and b = ? | 1",
        "\"odd:dir\" = :dir | \"odd:dir\" = ? | 0",
        "cast(:dir as varchar) :: text | cast(? as varchar) :: text | 0",
        "a::text = :dir | a::text = ? | 0"})
    void namedPlaceholdersBecomeMarkersInTheirOrder(String named, String sql, String order) {
        List<Integer> seen = new ArrayList<>();
        assertThat(query.markers(named, seen)).isEqualTo(sql);
        assertThat(seen).containsExactly(Arrays.stream(order.split(",")).map(Integer::valueOf)
                .toArray(Integer[]::new));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a = :other", "a = :1"})
    void aPlaceholderWithoutAKnownNameIsRefused(String named) {
        assertThatThrownBy(() -> query.markers(named, new ArrayList<>())).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(value = SQLDialect.class, names = {"SQLITE", "POSTGRES"})
    void aTemplateWithAnUnnamedValueIsRefusedWhenFirstRendered(SQLDialect dialect) {
        DSLContext dsl = DSL.using(dialect, new Settings().withRenderSchema(false));
        HotQuery unnamed = HotQuery.of(d -> d.update(Users.T).set(Users.VERSION, Users.VERSION.plus(1))
                .where(Users.ID.eq(DSL.param("id", String.class))), "id");
        assertThatThrownBy(() -> unnamed.with("id", "x").execute(dsl)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a name");
    }

    @Test
    void aNameThatIsNotAPlaceholderIsRefused() {
        assertThatThrownBy(() -> query.with("nmae", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nmae' is not a placeholder").hasMessageContaining("[dir, name]");
    }

    @Test
    void aPlaceholderLeftWithoutAValueIsRefusedBeforeAnySqlRuns() {
        DSLContext dsl = DSL.using(SQLDialect.SQLITE);
        assertThatThrownBy(() -> query.with("dir", "d").fetch(dsl)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no value for 'name'");
    }

    @Test
    void aPlaceholderNamedTwiceIsRefused() {
        assertThatThrownBy(() -> HotQuery.of(dsl -> dsl.selectOne(), "id", "id"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("named twice");
    }
}
