package dev.roster.server.store;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * Typed names of the tables in {@code db/migration}, for jOOQ queries without code generation. Fields
 * are qualified with their table, so joins never meet an ambiguous column.
 */
public final class Tables {
    private Tables() {
    }

    public static final class AdminToken {
        public static final Table<Record> T = table(name("admin_token"));
        public static final Field<String> ID = field(name("admin_token", "id"), SQLDataType.VARCHAR);
        public static final Field<String> TOKEN_HASH = field(name("admin_token", "token_hash"), SQLDataType.VARCHAR);
        public static final Field<Long> CREATED_AT = field(name("admin_token", "created_at"), SQLDataType.BIGINT);
    }

    public static final class Org {
        public static final Table<Record> T = table(name("organization"));
        public static final Field<String> ID = field(name("organization", "id"), SQLDataType.VARCHAR);
        public static final Field<String> NAME = field(name("organization", "name"), SQLDataType.VARCHAR);
        public static final Field<String> EXTERNAL_ID = field(name("organization", "external_id"), SQLDataType.VARCHAR);
        public static final Field<Long> CREATED_AT = field(name("organization", "created_at"), SQLDataType.BIGINT);
    }

    public static final class Dir {
        public static final Table<Record> T = table(name("directory"));
        public static final Field<String> ID = field(name("directory", "id"), SQLDataType.VARCHAR);
        public static final Field<String> ORG_ID = field(name("directory", "organization_id"), SQLDataType.VARCHAR);
        public static final Field<String> PROVIDER = field(name("directory", "provider"), SQLDataType.VARCHAR);
        public static final Field<String> NAME = field(name("directory", "name"), SQLDataType.VARCHAR);
        public static final Field<Long> CREATED_AT = field(name("directory", "created_at"), SQLDataType.BIGINT);
        public static final Field<Long> LAST_REQUEST_AT = field(name("directory", "last_request_at"), SQLDataType.BIGINT);
        public static final Field<String> PLAN_ID = field(name("directory", "plan_id"), SQLDataType.VARCHAR);
    }

    public static final class DirToken {
        public static final Table<Record> T = table(name("directory_token"));
        public static final Field<String> ID = field(name("directory_token", "id"), SQLDataType.VARCHAR);
        public static final Field<String> DIRECTORY_ID = field(name("directory_token", "directory_id"), SQLDataType.VARCHAR);
        public static final Field<String> TOKEN_HASH = field(name("directory_token", "token_hash"), SQLDataType.VARCHAR);
        public static final Field<String> HINT = field(name("directory_token", "hint"), SQLDataType.VARCHAR);
        public static final Field<Long> CREATED_AT = field(name("directory_token", "created_at"), SQLDataType.BIGINT);
        public static final Field<Long> LAST_USED_AT = field(name("directory_token", "last_used_at"), SQLDataType.BIGINT);
    }

    public static final class Users {
        public static final Table<Record> T = table(name("scim_user"));
        public static final Field<Long> SEQ = field(name("scim_user", "seq"), SQLDataType.BIGINT);
        public static final Field<String> ID = field(name("scim_user", "id"), SQLDataType.VARCHAR);
        public static final Field<String> DIRECTORY_ID = field(name("scim_user", "directory_id"), SQLDataType.VARCHAR);
        public static final Field<String> USER_NAME = field(name("scim_user", "user_name"), SQLDataType.VARCHAR);
        public static final Field<String> USER_NAME_CI = field(name("scim_user", "user_name_ci"), SQLDataType.VARCHAR);
        public static final Field<String> EXTERNAL_ID = field(name("scim_user", "external_id"), SQLDataType.VARCHAR);
        public static final Field<String> DISPLAY_NAME_CI = field(name("scim_user", "display_name_ci"), SQLDataType.VARCHAR);
        public static final Field<Boolean> ACTIVE = field(name("scim_user", "active"), SQLDataType.BOOLEAN);
        public static final Field<Long> CREATED_AT = field(name("scim_user", "created_at"), SQLDataType.BIGINT);
        public static final Field<Long> LAST_MODIFIED = field(name("scim_user", "last_modified"), SQLDataType.BIGINT);
        public static final Field<Long> VERSION = field(name("scim_user", "version"), SQLDataType.BIGINT);
        public static final Field<String> RESOURCE = field(name("scim_user", "resource"), SQLDataType.CLOB);
    }

    public static final class UserEmails {
        public static final Table<Record> T = table(name("scim_user_email"));
        public static final Field<Long> USER_SEQ = field(name("scim_user_email", "user_seq"), SQLDataType.BIGINT);
        public static final Field<String> DIRECTORY_ID = field(name("scim_user_email", "directory_id"), SQLDataType.VARCHAR);
        public static final Field<String> VALUE_CI = field(name("scim_user_email", "value_ci"), SQLDataType.VARCHAR);
    }

    public static final class Groups {
        public static final Table<Record> T = table(name("scim_group"));
        public static final Field<Long> SEQ = field(name("scim_group", "seq"), SQLDataType.BIGINT);
        public static final Field<String> ID = field(name("scim_group", "id"), SQLDataType.VARCHAR);
        public static final Field<String> DIRECTORY_ID = field(name("scim_group", "directory_id"), SQLDataType.VARCHAR);
        public static final Field<String> DISPLAY_NAME = field(name("scim_group", "display_name"), SQLDataType.VARCHAR);
        public static final Field<String> DISPLAY_NAME_CI = field(name("scim_group", "display_name_ci"), SQLDataType.VARCHAR);
        public static final Field<String> EXTERNAL_ID = field(name("scim_group", "external_id"), SQLDataType.VARCHAR);
        public static final Field<Long> CREATED_AT = field(name("scim_group", "created_at"), SQLDataType.BIGINT);
        public static final Field<Long> LAST_MODIFIED = field(name("scim_group", "last_modified"), SQLDataType.BIGINT);
        public static final Field<Long> VERSION = field(name("scim_group", "version"), SQLDataType.BIGINT);
        public static final Field<String> RESOURCE = field(name("scim_group", "resource"), SQLDataType.CLOB);
    }

    /** Maintained counts per directory and resource type ({@code V6__counts.sql}). */
    public static final class Counts {
        public static final Table<Record> T = table(name("scim_count"));
        public static final Field<String> DIRECTORY_ID = field(name("scim_count", "directory_id"), SQLDataType.VARCHAR);
        public static final Field<String> RESOURCE_TYPE = field(name("scim_count", "resource_type"), SQLDataType.VARCHAR);
        public static final Field<Long> TOTAL = field(name("scim_count", "total"), SQLDataType.BIGINT);
        public static final Field<Long> REMOVED = field(name("scim_count", "removed"), SQLDataType.BIGINT);
    }

    public static final class Members {
        public static final Table<Record> T = table(name("scim_group_member"));
        public static final Field<Long> GROUP_SEQ = field(name("scim_group_member", "group_seq"), SQLDataType.BIGINT);
        public static final Field<Long> USER_SEQ = field(name("scim_group_member", "user_seq"), SQLDataType.BIGINT);
        public static final Field<String> DISPLAY = field(name("scim_group_member", "display"), SQLDataType.VARCHAR);
    }

    public static final class Plans {
        public static final Table<Record> T = table(name("plan"));
        public static final Field<String> ID = field(name("plan", "id"), SQLDataType.VARCHAR);
        public static final Field<String> ORG_ID = field(name("plan", "organization_id"), SQLDataType.VARCHAR);
        public static final Field<String> NAME = field(name("plan", "name"), SQLDataType.VARCHAR);
        public static final Field<String> EDITION = field(name("plan", "edition"), SQLDataType.VARCHAR);
        public static final Field<Integer> SEAT_LIMIT = field(name("plan", "seat_limit"), SQLDataType.INTEGER);
        public static final Field<Integer> THRESHOLD = field(name("plan", "threshold"), SQLDataType.INTEGER);
        public static final Field<Boolean> PROTECT_ADMIN_PROFILES =
                field(name("plan", "protect_admin_profiles"), SQLDataType.BOOLEAN);
        public static final Field<Boolean> PROTECT_LAST_ADMIN =
                field(name("plan", "protect_last_admin"), SQLDataType.BOOLEAN);
        public static final Field<String> PHASE = field(name("plan", "phase"), SQLDataType.VARCHAR);
        public static final Field<Long> AUTHORITATIVE_SINCE =
                field(name("plan", "authoritative_since"), SQLDataType.BIGINT);
        public static final Field<Long> CREATED_AT = field(name("plan", "created_at"), SQLDataType.BIGINT);
        /** Paid seats, kept by triggers on {@code member} (migration 18). */
        public static final Field<Integer> SEATS_USED = field(name("plan", "seats_used"), SQLDataType.INTEGER);
    }

    public static final class People {
        public static final Table<Record> T = table(name("member"));
        public static final Field<String> ID = field(name("member", "id"), SQLDataType.VARCHAR);
        public static final Field<String> ORG_ID = field(name("member", "organization_id"), SQLDataType.VARCHAR);
        public static final Field<String> EMAIL = field(name("member", "email"), SQLDataType.VARCHAR);
        public static final Field<String> EMAIL_CI = field(name("member", "email_ci"), SQLDataType.VARCHAR);
        public static final Field<String> NAME = field(name("member", "name"), SQLDataType.VARCHAR);
        public static final Field<String> NAME_CI = field(name("member", "name_ci"), SQLDataType.VARCHAR);
        public static final Field<String> PLAN_ID = field(name("member", "plan_id"), SQLDataType.VARCHAR);
        public static final Field<String> ROLE = field(name("member", "role"), SQLDataType.VARCHAR);
        public static final Field<String> SEAT = field(name("member", "seat"), SQLDataType.VARCHAR);
        public static final Field<String> SOURCE = field(name("member", "source"), SQLDataType.VARCHAR);
        public static final Field<String> DIRECTORY_ID = field(name("member", "directory_id"), SQLDataType.VARCHAR);
        public static final Field<String> USER_ID = field(name("member", "user_id"), SQLDataType.VARCHAR);
        public static final Field<Long> WAITING_SINCE = field(name("member", "waiting_since"), SQLDataType.BIGINT);
        public static final Field<Long> CREATED_AT = field(name("member", "created_at"), SQLDataType.BIGINT);
        public static final Field<Long> UPDATED_AT = field(name("member", "updated_at"), SQLDataType.BIGINT);
    }

    public static final class ScopeGroups {
        public static final Table<Record> T = table(name("directory_scope_group"));
        public static final Field<String> DIRECTORY_ID =
                field(name("directory_scope_group", "directory_id"), SQLDataType.VARCHAR);
        public static final Field<String> GROUP_ID = field(name("directory_scope_group", "group_id"), SQLDataType.VARCHAR);
    }

    public static final class Audit {
        public static final Table<Record> T = table(name("audit_log"));
        public static final Field<Long> SEQ = field(name("audit_log", "seq"), SQLDataType.BIGINT);
        public static final Field<String> ORG_ID = field(name("audit_log", "organization_id"), SQLDataType.VARCHAR);
        public static final Field<Long> AT = field(name("audit_log", "at"), SQLDataType.BIGINT);
        public static final Field<String> ACTOR = field(name("audit_log", "actor"), SQLDataType.VARCHAR);
        public static final Field<String> ACTION = field(name("audit_log", "action"), SQLDataType.VARCHAR);
        public static final Field<String> SUBJECT = field(name("audit_log", "subject"), SQLDataType.VARCHAR);
        public static final Field<String> BEFORE = field(name("audit_log", "before_state"), SQLDataType.CLOB);
        public static final Field<String> AFTER = field(name("audit_log", "after_state"), SQLDataType.CLOB);
    }

    /** The fingerprint of the indexed-column declarations that wrote each table (see provisioning.Reindex). */
    public static final class IndexState {
        public static final Table<Record> T = table(name("index_state"));
        public static final Field<String> TABLE = field(name("index_state", "table_name"), SQLDataType.VARCHAR);
        public static final Field<String> FINGERPRINT = field(name("index_state", "fingerprint"), SQLDataType.VARCHAR);
        public static final Field<Long> UPDATED_AT = field(name("index_state", "updated_at"), SQLDataType.BIGINT);
    }
}
