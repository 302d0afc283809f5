package dev.roster.scim.patch;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@link PatchEngine#patch} produced: the new resource, and whether it differs from the one
 * patched. An identity provider re-sending values the resource already has yields
 * {@code changed == false}, so the caller keeps the version (ETag) and skips the write.
 */
public record PatchResult(ObjectNode resource, boolean changed) {
    public PatchResult {
        Objects.requireNonNull(resource, "resource");
    }
}
