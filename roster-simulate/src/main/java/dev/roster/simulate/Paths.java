package dev.roster.simulate;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Query strings the way each IdP writes them, and the readable form the step lines print. */
final class Paths {
    private Paths() {
    }

    /** Okta: spaces as {@code %20}, e.g. {@code userName%20eq%20%22a%40b.com%22}. */
    static String oktaFilter(String attribute, String value) {
        return "filter=" + attribute + "%20eq%20%22" + encode(value).replace("+", "%20") + "%22";
    }

    /** Entra ID: form encoding, spaces as {@code +}, e.g. {@code userName+eq+%22a%40b.com%22}. */
    static String entraFilter(String attribute, String value) {
        return "filter=" + attribute + "+eq+%22" + encode(value) + "%22";
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The path with its query decoded, for people. */
    static String readable(String path) {
        int q = path.indexOf('?');
        if (q < 0) {
            return path;
        }
        try {
            return path.substring(0, q + 1) + URLDecoder.decode(path.substring(q + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }
}
