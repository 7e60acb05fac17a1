package io.prdtool.prd.access;

import java.util.Locale;

import io.prdtool.prd.common.Enums;

/** A member's role inside one organization. Ordered from most to least powerful. */
public enum OrgRole {

    OWNER, ADMIN, MEMBER, VIEWER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrgRole parse(String value, String field) {
        return Enums.parse(OrgRole.class, value, field, OrgRole::wire);
    }

    public static OrgRole fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
