package io.prdtool.prd.org;

import java.util.Locale;

import io.prdtool.prd.common.Enums;

public enum SubscriptionTier {

    FREE, TEAM, BUSINESS, ENTERPRISE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SubscriptionTier parse(String value) {
        return Enums.parse(SubscriptionTier.class, value, "subscriptionTier", SubscriptionTier::wire);
    }
}
