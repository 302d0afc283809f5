package dev.roster.server.branding;

import dev.roster.server.config.BrandSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * A logo given as a file ({@code --brand-logo /etc/roster/logo.svg}, {@code roster branding set --logo logo.png}):
 * read once and kept as a data: URI, which the console serves at {@code /console/brand-logo}.
 */
public final class LogoFile {
    private static final Map<String, String> TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg",
            "image/jpeg", "gif", "image/gif", "webp", "image/webp", "svg", "image/svg+xml");

    private LogoFile() {
    }

    /** Whether {@code value} names a file rather than a URL ({@code https:}, {@code http:} or {@code data:}). */
    public static boolean isFile(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return !(v.startsWith("https:") || v.startsWith("http:") || v.startsWith("data:"));
    }

    /** The file as a data: URI; an {@link IllegalArgumentException} says what is wrong with it. */
    public static String dataUri(Path file) {
        String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
        String ext = fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(ext);
        if (type == null) {
            throw new IllegalArgumentException("logo file " + file + " must be .png, .jpg, .gif, .webp or .svg "
                    + "(or give an https:// URL)");
        }
        try {
            long size = Files.size(file);
            if (size > BrandSettings.MAX_LOGO_BYTES) {
                throw new IllegalArgumentException("logo file " + file + " is " + size / 1024 + " KiB; at most "
                        + BrandSettings.MAX_LOGO_BYTES / 1024 + " KiB (serve a larger one at an https:// URL)");
            }
            return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read logo file " + file.toAbsolutePath() + " (" + e + ")");
        }
    }
}
