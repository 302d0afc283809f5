package dev.roster.simulate;

import dev.roster.simulate.ScimClient.Answer;
import dev.roster.simulate.ScimClient.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * One request and its answer, with the checks of what a correct SCIM 2.0 server answers (RFC 7644).
 * Each check adds a problem ("expected ..., got ...") instead of throwing; once the status is wrong the
 * body checks are skipped, so one wrong answer is one problem, not ten.
 */
final class Step {
    static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    final Request request;
    final Answer answer;
    private final List<String> problems = new ArrayList<>();
    private boolean statusWrong;
    private JsonNode json;

    Step(Request request, Answer answer) {
        this.request = request;
        this.answer = answer;
    }

    List<String> problems() {
        return problems;
    }

    boolean ok() {
        return problems.isEmpty();
    }

    /** True when the status was one of those expected (body checks only make sense then). */
    boolean answered() {
        return !statusWrong;
    }

    Step problem(String p) {
        if (!problems.contains(p)) {
            problems.add(p);
        }
        return this;
    }

    Step status(int... allowed) {
        if (Arrays.stream(allowed).noneMatch(s -> s == answer.status())) {
            statusWrong = true;
            String expected = allowed.length == 1 ? String.valueOf(allowed[0])
                    : String.join(" or ", Arrays.stream(allowed).mapToObj(String::valueOf).toList());
            problem("expected status " + expected + ", got " + answer.status() + detail());
        }
        return this;
    }

    /** The body as JSON; a missing or non-JSON body is a problem (and the JSON is then empty). */
    JsonNode json() {
        if (json == null) {
            String body = answer.body();
            if (body == null || body.isBlank()) {
                problem("expected a JSON body, got none");
                json = MissingNode.getInstance();
            } else {
                try {
                    json = ScimClient.JSON.readTree(body);
                } catch (JacksonException e) {
                    problem("the body is not JSON: " + abbreviate(body, 60));
                    json = MissingNode.getInstance();
                }
                String type = answer.header("Content-Type");
                if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/scim+json")) {
                    problem("expected Content-Type application/scim+json (RFC 7644 §3.1), got " + type);
                }
            }
        }
        return json;
    }

    /** A resource answer: an {@code id} string (and the same id when given). */
    Step resource(String expectedId) {
        if (statusWrong) {
            return this;
        }
        JsonNode id = json().path("id");
        if (json().isMissingNode()) {
            return this;
        }
        if (!id.isString() || id.asString().isBlank()) {
            problem("expected the resource with an \"id\", got " + abbreviate(answer.body(), 80));
        } else if (expectedId != null && !expectedId.equals(id.asString())) {
            problem("expected the resource with id " + expectedId + ", got id " + id.asString());
        }
        return this;
    }

    String id() {
        JsonNode id = json().path("id");
        return id.isString() && !id.asString().isBlank() ? id.asString() : null;
    }

    /** A string at {@code path} (dotted; an extension URN may be the first part, e.g. {@code urn:...:User.department}). */
    Step text(String path, String expected, boolean ignoreCase) {
        if (statusWrong || json().isMissingNode()) {
            return this;
        }
        JsonNode v = at(json(), path);
        String got = v.isString() ? v.asString() : v.isMissingNode() || v.isNull() ? null : v.toString();
        boolean same = expected == null ? got == null : ignoreCase ? expected.equalsIgnoreCase(got) : expected.equals(got);
        if (!same) {
            problem(path + ": expected " + quote(expected) + ", got " + quote(got));
        }
        return this;
    }

    Step bool(String path, boolean expected) {
        if (statusWrong || json().isMissingNode()) {
            return this;
        }
        JsonNode v = at(json(), path);
        if (!v.isBoolean()) {
            problem(path + ": expected the boolean " + expected + ", got " + (v.isMissingNode() ? "nothing" : v.toString()));
        } else if (v.booleanValue() != expected) {
            problem(path + ": expected " + expected + ", got " + v.booleanValue());
        }
        return this;
    }

    /** RFC 7643 §4.1.1: {@code password} is returned never. */
    Step noPassword() {
        if (!statusWrong && !json().isMissingNode() && json().has("password")) {
            problem("the answer contains the password (RFC 7643 §4.1.1: returned \"never\")");
        }
        return this;
    }

    /** RFC 7644 §3.3: a created resource's URI is in the Location header. */
    Step location(String collection) {
        String id = statusWrong ? null : id();
        if (id == null) {
            return this;
        }
        String loc = answer.header("Location");
        if (loc == null) {
            problem("expected a Location header with the new resource's URI (RFC 7644 §3.3), got none");
        } else if (!loc.endsWith(collection + "/" + id)) {
            problem("expected the Location header to end with " + collection + "/" + id + ", got " + loc);
        }
        return this;
    }

    /** A ListResponse (RFC 7644 §3.4.2): its schema, and totalResults, startIndex and itemsPerPage as integers. */
    Step listResponse() {
        if (statusWrong || json().isMissingNode()) {
            return this;
        }
        if (!hasSchema(LIST)) {
            problem("expected a ListResponse (schemas [\"" + LIST + "\"]), got " + abbreviate(answer.body(), 80));
        }
        for (String f : List.of("totalResults", "startIndex", "itemsPerPage")) {
            JsonNode v = json().path(f);
            if (f.equals("totalResults") ? !v.isIntegralNumber() : !v.isMissingNode() && !v.isIntegralNumber()) {
                problem(f + ": expected an integer, got " + (v.isMissingNode() ? "nothing" : v.toString()));
            }
        }
        JsonNode r = json().path("Resources");
        if (!r.isMissingNode() && !r.isArray()) {
            problem("Resources: expected an array, got " + abbreviate(r.toString(), 40));
        }
        return this;
    }

    int totalResults() {
        JsonNode v = json().path("totalResults");
        return v.isIntegralNumber() ? v.intValue() : -1;
    }

    List<JsonNode> resources() {
        List<JsonNode> out = new ArrayList<>();
        JsonNode r = json().path("Resources");
        if (r.isArray()) {
            r.forEach(out::add);
        }
        return out;
    }

    Step totalResults(int expected) {
        if (!statusWrong && !json().isMissingNode() && totalResults() >= 0 && totalResults() != expected) {
            problem("totalResults: expected " + expected + ", got " + totalResults());
        }
        return this;
    }

    /** RFC 7644 §3.12: an error answer carries the Error schema and the status as a string. */
    Step error() {
        if (statusWrong) {
            return this;
        }
        if (!hasSchema(ERROR)) {
            problem("expected an error body (schemas [\"" + ERROR + "\"], RFC 7644 §3.12), got "
                    + abbreviate(answer.body(), 60));
        } else if (!json().path("status").asString("").equals(String.valueOf(answer.status()))
                || !json().path("status").isString()) {
            problem("error body: expected \"status\": \"" + answer.status() + "\" (a string), got "
                    + json().path("status"));
        }
        return this;
    }

    private boolean hasSchema(String urn) {
        JsonNode s = json().path("schemas");
        if (s.isArray()) {
            for (JsonNode n : s) {
                if (n.isString() && n.asString().equalsIgnoreCase(urn)) {
                    return true;
                }
            }
        }
        return false;
    }

    private String detail() {
        String body = answer.body();
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode d = ScimClient.JSON.readTree(body).path("detail");
            return d.isString() ? " (\"" + abbreviate(d.asString(), 100) + "\")" : "";
        } catch (JacksonException e) {
            return "";
        }
    }

    static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        String rest = path;
        if (path.startsWith("urn:")) {
            int dot = path.lastIndexOf(':');
            int split = path.indexOf('.', dot);
            String urn = split < 0 ? path : path.substring(0, split);
            node = root.path(urn);
            rest = split < 0 ? "" : path.substring(split + 1);
        }
        for (String part : rest.isEmpty() ? new String[0] : rest.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "nothing";
        }
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > max ? one.substring(0, max) + "..." : one;
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "\"" + s + "\"";
    }
}
