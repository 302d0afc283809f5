package dev.roster.server.store;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** Typed names of the tables in {@code db/migration}, for jOOQ queries without code generation. */
public final class Tables {
    private Tables() {
    }

    public static final class AdminToken {
        public static final Table<Record> T = table(name("admin_token"));
        public static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
        public static final Field<String> TOKEN_HASH = field(name("token_hash"), SQLDataType.VARCHAR);
        public static final Field<Long> CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);
    }

    public static final class Org {
        public static final Table<Record> T = table(name("organization"));
        public static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
        public static final Field<String> NAME = field(name("name"), SQLDataType.VARCHAR);
        public static final Field<Long> CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);
    }

    public static final class Dir {
        public static final Table<Record> T = table(name("directory"));
        public static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
        public static final Field<String> ORG_ID = field(name("organization_id"), SQLDataType.VARCHAR);
        public static final Field<String> PROVIDER = field(name("provider"), SQLDataType.VARCHAR);
        public static final Field<String> NAME = field(name("name"), SQLDataType.VARCHAR);
        public static final Field<Long> CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);
        public static final Field<Long> LAST_REQUEST_AT = field(name("last_request_at"), SQLDataType.BIGINT);
    }

    public static final class DirToken {
        public static final Table<Record> T = table(name("directory_token"));
        public static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
        public static final Field<String> DIRECTORY_ID = field(name("directory_id"), SQLDataType.VARCHAR);
        public static final Field<String> TOKEN_HASH = field(name("token_hash"), SQLDataType.VARCHAR);
        public static final Field<String> HINT = field(name("hint"), SQLDataType.VARCHAR);
        public static final Field<Long> CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);
        public static final Field<Long> LAST_USED_AT = field(name("last_used_at"), SQLDataType.BIGINT);
    }

    public static final class Users {
        public static final Table<Record> T = table(name("scim_user"));
        public static final Field<Long> SEQ = field(name("seq"), SQLDataType.BIGINT);
        public static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
        public static final Field<String> DIRECTORY_ID = field(name("directory_id"), SQLDataType.VARCHAR);
        public static final Field<String> USER_NAME = field(name("user_name"), SQLDataType.VARCHAR);
        public static final Field<String> USER_NAME_CI = field(name("user_name_ci"), SQLDataType.VARCHAR);
        public static final Field<String> EXTERNAL_ID = field(name("external_id"), SQLDataType.VARCHAR);
        public static final Field<String> DISPLAY_NAME_CI = field(name("display_name_ci"), SQLDataType.VARCHAR);
        public static final Field<Boolean> ACTIVE = field(name("active"), SQLDataType.BOOLEAN);
        public static final Field<Long> CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);
        public static final Field<Long> LAST_MODIFIED = field(name("last_modified"), SQLDataType.BIGINT);
        public static final Field<Long> VERSION = field(name("version"), SQLDataType.BIGINT);
        public static final Field<String> RESOURCE = field(name("resource"), SQLDataType.CLOB);
    }

    public static final class UserEmails {
        public static final Table<Record> T = table(name("scim_user_email"));
        public static final Field<Long> USER_SEQ = field(name("user_seq"), SQLDataType.BIGINT);
        public static final Field<String> DIRECTORY_ID = field(name("directory_id"), SQLDataType.VARCHAR);
        public static final Field<String> VALUE_CI = field(name("value_ci"), SQLDataType.VARCHAR);
    }

    public static final class Groups {
        public static final Table<Record> T = table(name("scim_group"));
        public static final Field<Long> SEQ = field(name("seq"), SQLDataType.BIGINT);
        public static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
        public static final Field<String> DIRECTORY_ID = field(name("directory_id"), SQLDataType.VARCHAR);
        public static final Field<String> DISPLAY_NAME = field(name("display_name"), SQLDataType.VARCHAR);
        public static final Field<String> DISPLAY_NAME_CI = field(name("display_name_ci"), SQLDataType.VARCHAR);
        public static final Field<String> EXTERNAL_ID = field(name("external_id"), SQLDataType.VARCHAR);
        public static final Field<Long> CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);
        public static final Field<Long> LAST_MODIFIED = field(name("last_modified"), SQLDataType.BIGINT);
        public static final Field<Long> VERSION = field(name("version"), SQLDataType.BIGINT);
        public static final Field<String> RESOURCE = field(name("resource"), SQLDataType.CLOB);
    }

    public static final class Members {
        public static final Table<Record> T = table(name("scim_group_member"));
        public static final Field<Long> GROUP_SEQ = field(name("group_seq"), SQLDataType.BIGINT);
        public static final Field<Long> USER_SEQ = field(name("user_seq"), SQLDataType.BIGINT);
        public static final Field<String> DISPLAY = field(name("display"), SQLDataType.VARCHAR);
    }
}
