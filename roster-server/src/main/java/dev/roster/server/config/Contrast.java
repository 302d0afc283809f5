package dev.roster.server.config;

import java.util.List;
import java.util.Locale;

/**
 * WCAG 2.x contrast between an accent colour and the console's light backgrounds. The console uses the accent for
 * links and secondary buttons (accent text on white cards, the grey page and the pale notices) and for buttons
 * (white text on the accent), so an accent is readable when it has 4.5:1 (level AA for body text) against each of
 * {@link #BACKGROUNDS}; white, the lightest of them, then has more than that on it.
 */
final class Contrast {
    /** AA for normal text. */
    static final double AA = 4.5;
    /** The backgrounds of console.css that accent-coloured text can sit on (cards, page, notices, badges). */
    static final List<String> BACKGROUNDS = List.of("#ffffff", "#f6f7f9", "#eef1f4", "#ddf4ff", "#fff8c5",
            "#dafbe1", "#ffebe9", "#ecebff");

    private Contrast() {
    }

    /** The lowest contrast ratio of {@code hex} against the backgrounds, e.g. 7.1 for 7.1:1. */
    static double worst(String hex) {
        double worst = Double.MAX_VALUE;
        for (String bg : BACKGROUNDS) {
            worst = Math.min(worst, ratio(hex, bg));
        }
        return worst;
    }

    /** The WCAG contrast ratio of two colours written #rrggbb. */
    static double ratio(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** The same hue made darker, step by step, until it is readable on every background. */
    static String readableShade(String hex) {
        int[] rgb = rgb(hex);
        for (int percent = 100; percent >= 0; percent -= 2) {
            String shade = hex(rgb[0] * percent / 100, rgb[1] * percent / 100, rgb[2] * percent / 100);
            if (worst(shade) >= AA) {
                return shade;
            }
        }
        return "#000000";
    }

    private static double luminance(String hex) {
        int[] rgb = rgb(hex);
        return 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static int[] rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return new int[] {v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff};
    }

    private static String hex(int r, int g, int b) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
