package io.prdtool.audit.trail;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A record's history, oldest first; pass {@code nextAfter} as {@code after} for more (absent at the end). */
@RegisterForReflection
public record TrailPage(List<TrailEntry> items, Long nextAfter) {
}
