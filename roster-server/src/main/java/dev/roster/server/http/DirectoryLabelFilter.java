package dev.roster.server.http;

import dev.roster.server.config.RosterConfig.DirectoryLabels;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that bounds the {@code directory} label of every meter: {@code false} drops the label,
 * {@code auto} keeps the first {@code limit} directories seen and names every later one {@link #OVERFLOW},
 * {@code true} keeps them all. {@code none} (a request that authenticated as no directory) always stays.
 */
final class DirectoryLabelFilter implements MeterFilter {
    static final String TAG = "directory";
    static final String OVERFLOW = "_other";

    private final int limit;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    private DirectoryLabelFilter(int limit) {
        this.limit = limit;
    }

    /** The filter for a setting, or null when every directory keeps its label. */
    static MeterFilter of(DirectoryLabels mode, int limit) {
        return switch (mode) {
            case TRUE -> null;
            case FALSE -> MeterFilter.ignoreTags(TAG);
            case AUTO -> new DirectoryLabelFilter(limit);
        };
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String dir = id.getTag(TAG);
        if (dir == null || dir.equals("none") || admit(dir)) {
            return id;
        }
        List<Tag> tags = new ArrayList<>();
        for (Tag t : id.getTagsAsIterable()) {
            tags.add(t.getKey().equals(TAG) ? Tag.of(TAG, OVERFLOW) : t);
        }
        return id.replaceTags(tags);
    }

    private boolean admit(String dir) {
        if (admitted.contains(dir)) {
            return true;
        }
        synchronized (admitted) {
            if (admitted.size() < limit) {
                admitted.add(dir);
                return true;
            }
            return admitted.contains(dir);
        }
    }
}
