package io.prdtool.prd.prd;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.prdtool.prd.access.Permission;
import io.prdtool.prd.common.Enums;

/**
 * The PRD workflow: draft → in_review → approved → published → archived, and back to draft from every later state.
 * A review can also be withdrawn (in_review → draft) and a draft shelved (draft → archived). Approval is a transition
 * with extra rules (who, and which content): see {@link PrdService#approve}.
 */
public enum PrdStatus {

    DRAFT, IN_REVIEW, APPROVED, PUBLISHED, ARCHIVED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PrdStatus parse(String value) {
        return Enums.parse(PrdStatus.class, value, "status", PrdStatus::wire);
    }

    public static PrdStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public Set<PrdStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(IN_REVIEW, ARCHIVED);
            case IN_REVIEW -> EnumSet.of(APPROVED, DRAFT);
            case APPROVED -> EnumSet.of(PUBLISHED, DRAFT);
            case PUBLISHED -> EnumSet.of(ARCHIVED, DRAFT);
            case ARCHIVED -> EnumSet.of(DRAFT);
        };
    }

    public List<String> nextWire() {
        return next().stream().map(PrdStatus::wire).toList();
    }

    public boolean canMoveTo(PrdStatus target) {
        return next().contains(target);
    }

    /** An approval must hold (approved_by, approved_at, content hash) in these states. */
    public boolean carriesApproval() {
        return this == APPROVED || this == PUBLISHED;
    }

    /** What the caller needs to move a PRD from this state to {@code target} (approval has its own check). */
    public Permission permissionToMoveTo(PrdStatus target) {
        if (target == APPROVED) {
            return Permission.PRD_APPROVE;
        }
        if (target == PUBLISHED || target == ARCHIVED || this == PUBLISHED || this == ARCHIVED) {
            return Permission.PRD_PUBLISH;
        }
        return Permission.PRD_WRITE;
    }
}
