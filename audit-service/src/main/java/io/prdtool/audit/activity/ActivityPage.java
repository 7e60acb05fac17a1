package io.prdtool.audit.activity;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A page of activity, newest first; pass {@code nextCursor} as {@code cursor} for the next one (absent at the end). */
@RegisterForReflection
public record ActivityPage(List<ActivityEntry> items, String nextCursor) {
}
