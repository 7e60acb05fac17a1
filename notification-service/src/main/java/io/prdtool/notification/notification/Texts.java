package io.prdtool.notification.notification;

import java.util.Locale;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/** The message bundle for a recipient's locale setting ({@code de...}: German; anything else: English). */
public final class Texts {

    private Texts() {
    }

    public static Messages of(String locale) {
        if (locale != null && locale.toLowerCase(Locale.ROOT).startsWith("de")) {
            return MessageBundles.get(Messages.class, Localized.Literal.of("de"));
        }
        return MessageBundles.get(Messages.class);
    }
}
