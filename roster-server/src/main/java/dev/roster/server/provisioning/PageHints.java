package dev.roster.server.provisioning;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Where index pages of unfiltered lists start, remembered per directory, so that paging with
 * {@code startIndex} costs the same at the end of a directory as at its start.
 *
 * <p>A hint says "position p of the directory's list (in seq order) is the first row after seq L". A
 * page at {@code startIndex} p then reads {@code seq > L LIMIT count} instead of skipping p - 1 rows with
 * {@code OFFSET}; with the nearest hint p' below p it skips only p - p' rows. Every page served leaves the
 * hint for the page after it, so an IdP walking the list page by page always finds one.
 *
 * <p>Why a hint stays true: new rows always get a seq greater than every committed row (SQLite has one
 * writer; on PostgreSQL creates in a directory are ordered by its count row, see {@link DirectoryCounts}),
 * so creates never move an existing position. Deletes do, and each moves the directory's {@code removed}
 * count: hints are labelled with it and ignored once it moved. The hints live in this JVM only; another
 * node simply pays the OFFSET once.
 */
final class PageHints {
    static final int MAX_DIRECTORIES = 64;
    static final int MAX_PER_DIRECTORY = 10_000;

    /** The start of position {@code position}: the rows after seq {@code afterSeq}. */
    record Hint(int position, long afterSeq) {
    }

    /** The positions known in one directory, true while its removed count is {@code removed}. */
    private record Known(long removed, ConcurrentSkipListMap<Integer, Long> afterSeq) {
    }

    private final Map<String, Known> byDirectory = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > MAX_DIRECTORIES;
        }
    };

    /** The nearest known start at or below {@code position} while {@code removed} is current, or null. */
    Hint nearest(String dirId, int position, long removed) {
        Known known = known(dirId, removed, false);
        var e = known == null ? null : known.afterSeq().floorEntry(position);
        return e == null ? null : new Hint(e.getKey(), e.getValue());
    }

    /** Remembers that {@code position} starts after {@code afterSeq}, as of {@code removed}. */
    void remember(String dirId, int position, long afterSeq, long removed) {
        Known known = known(dirId, removed, true);
        if (known == null) {
            return; // a newer delete is known already: this page's positions are out of date
        }
        if (known.afterSeq().size() >= MAX_PER_DIRECTORY) {
            known.afterSeq().clear();
        }
        known.afterSeq().put(position, afterSeq);
    }

    private Known known(String dirId, long removed, boolean create) {
        synchronized (byDirectory) {
            Known k = byDirectory.get(dirId);
            if (k != null && k.removed() == removed) {
                return k;
            }
            if (k != null && k.removed() < removed) {
                byDirectory.remove(dirId);
            }
            if (!create || k != null && k.removed() > removed) {
                return null;
            }
            Known fresh = new Known(removed, new ConcurrentSkipListMap<>());
            byDirectory.put(dirId, fresh);
            return fresh;
        }
    }
}
