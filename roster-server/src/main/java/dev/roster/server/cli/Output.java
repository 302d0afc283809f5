package dev.roster.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the remote commands print: aligned tables and {@code field: value} blocks for people, the API's JSON for
 * scripts ({@code --json}: a single answer as it came, a list as a JSON array of its items).
 */
final class Output {
    private final PrintWriter out;
    private final boolean json;

    Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** A column: its header and the JSON pointer of its value in an item, e.g. {@code /seat}. */
    record Column(String header, String pointer) {
    }

    static Column col(String header, String field) {
        return new Column(header, field.startsWith("/") ? field : "/" + field);
    }

    /** The {@code items} of a list answer. */
    static List<JsonNode> items(JsonNode body) {
        List<JsonNode> items = new ArrayList<>();
        body.path("items").forEach(items::add);
        return items;
    }

    boolean json() {
        return json;
    }

    /** One answer: as JSON, or every field on a line of its own. */
    void object(JsonNode answer) {
        if (json) {
            println(answer.toPrettyString());
            return;
        }
        int width = 0;
        for (Map.Entry<String, JsonNode> e : answer.properties()) {
            width = Math.max(width, e.getKey().length());
        }
        for (Map.Entry<String, JsonNode> e : answer.properties()) {
            println(String.format("%-" + (width + 1) + "s %s", e.getKey() + ":", text(e.getValue())));
        }
    }

    /** An answer that may be empty (e.g. a 202): the answer if there is one, else the message. */
    void objectOr(JsonNode answer, String message) {
        if (answer.isObject() && !answer.isEmpty()) {
            object(answer);
        } else {
            done(message);
        }
    }

    /** A list: a table with these columns, or a JSON array of the items. */
    void table(List<JsonNode> items, Column... columns) {
        if (json) {
            println(ApiClient.JSON.valueToTree(items).toPrettyString());
            return;
        }
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            header[i] = columns[i].header();
        }
        rows.add(header);
        for (JsonNode item : items) {
            String[] row = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                row[i] = text(item.at(columns[i].pointer()));
            }
            rows.add(row);
        }
        int[] widths = new int[columns.length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 2) + "s", r[i]));
            }
            println(line.toString().stripTrailing());
        }
    }

    /** A confirmation for people (e.g. after a delete); nothing with {@code --json}, whose answer was empty. */
    void done(String message) {
        if (!json) {
            println(message);
        }
    }

    /** One line as it is, flushed at once (for {@code events tail}). */
    void println(String line) {
        out.println(line);
        out.flush();
    }

    /** A value as a cell: {@code -} when absent or null, lists comma-separated, objects as compact JSON. */
    static String text(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "-";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.isValueNode() ? x.asString() : x.toString()));
            return String.join(",", parts);
        }
        return v.isValueNode() ? v.asString() : v.toString();
    }
}
