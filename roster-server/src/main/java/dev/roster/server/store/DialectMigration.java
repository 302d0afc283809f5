package dev.roster.server.store;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A migration in Java because SQLite and PostgreSQL need different statements for part of it: the statements
 * both databases share run first, then the database's own, in one transaction.
 */
abstract class DialectMigration implements JavaMigration {
    private final MigrationVersion version;
    private final String description;
    private final List<String> statements = new ArrayList<>();

    DialectMigration(String version, String description, Dialect dialect, List<String> common, List<String> sqlite,
            List<String> postgres) {
        this.version = MigrationVersion.fromVersion(version);
        this.description = description;
        statements.addAll(common);
        statements.addAll(dialect == Dialect.POSTGRES ? postgres : sqlite);
    }

    @Override
    public MigrationVersion getVersion() {
        return version;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        try (Statement s = context.getConnection().createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
