package io.prdtool.prd.common;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import io.prdtool.shared.problem.ProblemException;

/** URL slugs: lower-case ASCII words joined by single hyphens ("checkout-redesign"). */
public final class Slugs {

    public static final String PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$";
    public static final int MAX_LENGTH = 100;
    private static final Pattern VALID = Pattern.compile(PATTERN);
    private static final Pattern NON_ALNUM = Pattern.compile("[^a-z0-9]+");

    private Slugs() {
    }

    /** A slug derived from a human title; never empty (falls back to {@code fallback}). */
    public static String fromTitle(String title, String fallback) {
        String ascii = Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        String slug = NON_ALNUM.matcher(ascii).replaceAll("-").replaceAll("^-+|-+$", "");
        // leave room for a "-NN" suffix when the slug is taken
        if (slug.length() > MAX_LENGTH - 6) {
            slug = slug.substring(0, MAX_LENGTH - 6).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? fallback : slug;
    }

    /** The slug a client chose, checked; or one derived from {@code title} when the client sent none. */
    public static String chosenOrDerived(String chosen, String title, String fallback) {
        if (chosen == null) {
            return fromTitle(title, fallback);
        }
        require(chosen);
        return chosen;
    }

    public static void require(String slug) {
        if (slug.length() > MAX_LENGTH || !VALID.matcher(slug).matches()) {
            throw ProblemException.badRequest("slug must be lower-case letters and digits separated by single hyphens"
                    + " (at most " + MAX_LENGTH + " characters): '" + slug + "'");
        }
    }
}
