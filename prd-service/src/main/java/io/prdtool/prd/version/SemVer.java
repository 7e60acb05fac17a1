package io.prdtool.prd.version;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;

/**
 * MAJOR.MINOR.PATCH as in seed §9.1 ({@code increment_version}): major resets minor and patch, minor resets patch.
 * Unlike the seed function, a malformed version or an unknown bump is a clear 400, never a cast failure.
 */
public record SemVer(int major, int minor, int patch) implements Comparable<SemVer> {

    public static final String PATTERN = "^(0|[1-9][0-9]{0,5})\\.(0|[1-9][0-9]{0,5})\\.(0|[1-9][0-9]{0,5})$";
    private static final Pattern VALID = Pattern.compile(PATTERN);
    public static final SemVer INITIAL = new SemVer(1, 0, 0);

    public enum Bump {

        MAJOR, MINOR, PATCH;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Bump parse(String value) {
            if (value != null) {
                for (Bump b : values()) {
                    if (b.wire().equals(value.trim().toLowerCase(Locale.ROOT))) {
                        return b;
                    }
                }
            }
            List<String> allowed = List.of("major", "minor", "patch");
            throw new ProblemException(ProblemType.VALIDATION,
                    "bump must be one of " + allowed + ", not '" + value + "'", allowed);
        }
    }

    public static SemVer parse(String value) {
        Matcher m = value == null ? null : VALID.matcher(value.trim());
        if (m == null || !m.matches()) {
            throw ProblemException.badRequest("'" + value + "' is not a version of the form MAJOR.MINOR.PATCH"
                    + " (e.g. 1.4.0, numbers without leading zeros)");
        }
        return new SemVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    public SemVer bump(Bump bump) {
        return switch (bump) {
            case MAJOR -> new SemVer(major + 1, 0, 0);
            case MINOR -> new SemVer(major, minor + 1, 0);
            case PATCH -> new SemVer(major, minor, patch + 1);
        };
    }

    @Override
    public int compareTo(SemVer o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c == 0 ? Integer.compare(patch, o.patch) : c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
