package dev.roster.server.console;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** Typed names of the tables of {@code V7__console.sql}, qualified with their table like {@code store.Tables}. */
final class ConsoleTables {
    private ConsoleTables() {
    }

    static final class Link {
        static final Table<Record> T = table(name("console_link"));
        static final Field<String> TOKEN_HASH = field(name("console_link", "token_hash"), SQLDataType.VARCHAR);
        static final Field<String> ORG_ID = field(name("console_link", "organization_id"), SQLDataType.VARCHAR);
        static final Field<String> INTENT = field(name("console_link", "intent"), SQLDataType.VARCHAR);
        static final Field<String> RETURN_URL = field(name("console_link", "return_url"), SQLDataType.VARCHAR);
        static final Field<Long> CREATED_AT = field(name("console_link", "created_at"), SQLDataType.BIGINT);
        static final Field<Long> EXPIRES_AT = field(name("console_link", "expires_at"), SQLDataType.BIGINT);
        static final Field<Long> USED_AT = field(name("console_link", "used_at"), SQLDataType.BIGINT);
    }

    static final class Session {
        static final Table<Record> T = table(name("console_session"));
        static final Field<String> ID_HASH = field(name("console_session", "id_hash"), SQLDataType.VARCHAR);
        static final Field<String> ORG_ID = field(name("console_session", "organization_id"), SQLDataType.VARCHAR);
        static final Field<String> CSRF = field(name("console_session", "csrf_token"), SQLDataType.VARCHAR);
        static final Field<String> RETURN_URL = field(name("console_session", "return_url"), SQLDataType.VARCHAR);
        static final Field<Long> CREATED_AT = field(name("console_session", "created_at"), SQLDataType.BIGINT);
        static final Field<Long> EXPIRES_AT = field(name("console_session", "expires_at"), SQLDataType.BIGINT);
    }

    static final class Log {
        static final Table<Record> T = table(name("scim_request_log"));
        static final Field<Long> SEQ = field(name("scim_request_log", "seq"), SQLDataType.BIGINT);
        static final Field<String> DIR_ID = field(name("scim_request_log", "directory_id"), SQLDataType.VARCHAR);
        static final Field<Long> AT = field(name("scim_request_log", "at"), SQLDataType.BIGINT);
        static final Field<String> METHOD = field(name("scim_request_log", "method"), SQLDataType.VARCHAR);
        static final Field<String> PATH = field(name("scim_request_log", "path"), SQLDataType.VARCHAR);
        static final Field<Integer> STATUS = field(name("scim_request_log", "status"), SQLDataType.INTEGER);
        static final Field<String> DETAIL = field(name("scim_request_log", "detail"), SQLDataType.VARCHAR);
        static final Field<String> REQUEST_ID = field(name("scim_request_log", "request_id"), SQLDataType.VARCHAR);
        static final Field<String> USER_AGENT = field(name("scim_request_log", "user_agent"), SQLDataType.VARCHAR);
        static final Field<String> SUBJECT = field(name("scim_request_log", "subject"), SQLDataType.VARCHAR);
        static final Field<String> CHANGE = field(name("scim_request_log", "change_kind"), SQLDataType.VARCHAR);
    }
}
