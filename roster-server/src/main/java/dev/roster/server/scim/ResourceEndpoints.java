package dev.roster.server.scim;

import dev.roster.server.directory.Directories.Directory;
import java.io.IOException;

/** The endpoints of one resource type (RFC 7644 §3): /Users or /Groups, after the directory's token was checked. */
interface ResourceEndpoints {
    void list(ScimExchange ex, Directory dir, String base) throws IOException;

    void create(ScimExchange ex, Directory dir, String base) throws IOException;

    /** POST /{type}/.search (RFC 7644 §3.4.3): the same query as a list, in a SearchRequest body. */
    void search(ScimExchange ex, Directory dir, String base) throws IOException;

    void get(ScimExchange ex, Directory dir, String base) throws IOException;

    void replace(ScimExchange ex, Directory dir, String base) throws IOException;

    void patch(ScimExchange ex, Directory dir, String base) throws IOException;

    void delete(ScimExchange ex, Directory dir, String base) throws IOException;
}
