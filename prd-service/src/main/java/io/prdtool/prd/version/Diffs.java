package io.prdtool.prd.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

/** Line and word diffs between two Markdown texts (java-diff-utils, Myers). Pure functions; CPU only. */
public final class Diffs {

    private static final Pattern TOKEN = Pattern.compile("\\s+|[^\\s]+");

    private Diffs() {
    }

    public static VersionApi.Comparison compare(java.util.UUID prdId, String fromVersion, String from, String toVersion,
            String to) {
        List<String> a = lines(from);
        List<String> b = lines(to);
        Patch<String> patch = DiffUtils.diff(a, b);
        List<VersionApi.LineDelta> deltas = new ArrayList<>();
        int added = 0;
        int removed = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            deltas.add(new VersionApi.LineDelta(d.getType().name().toLowerCase(Locale.ROOT),
                    d.getSource().getPosition(), d.getSource().getLines(), d.getTarget().getPosition(),
                    d.getTarget().getLines()));
            added += d.getTarget().size();
            removed += d.getSource().size();
        }
        String unified = String.join("\n", UnifiedDiffUtils.generateUnifiedDiff("v" + fromVersion,
                "v" + toVersion, a, patch, 3));
        return new VersionApi.Comparison(prdId, fromVersion, toVersion, added, removed, unified, deltas,
                words(from, to));
    }

    /** Word-level segments: whitespace runs and words are tokens, so the segments concatenate back to the texts. */
    public static List<VersionApi.WordSegment> words(String from, String to) {
        List<String> a = tokens(from);
        List<String> b = tokens(to);
        Patch<String> patch = DiffUtils.diff(a, b);
        List<VersionApi.WordSegment> out = new ArrayList<>();
        int at = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            add(out, "equal", a.subList(at, d.getSource().getPosition()));
            add(out, "delete", d.getSource().getLines());
            add(out, "insert", d.getTarget().getLines());
            at = d.getSource().getPosition() + d.getSource().size();
        }
        add(out, "equal", a.subList(at, a.size()));
        return out;
    }

    private static void add(List<VersionApi.WordSegment> out, String op, List<String> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        String text = String.join("", tokens);
        if (!out.isEmpty() && out.get(out.size() - 1).op().equals(op)) {
            text = out.remove(out.size() - 1).text() + text;
        }
        out.add(new VersionApi.WordSegment(op, text));
    }

    static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
