package io.prdtool.notification.mention;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mentions in a PRD's Markdown, in the two forms a plain editor can type:
 * <ul>
 * <li>{@code @[Display Name](mention:<user-uuid>)} — a Markdown link with the {@code mention:} scheme, what an editor's
 * mention picker inserts (it renders as "@Display Name" linking nowhere harmful);</li>
 * <li>{@code @<email address>} — e.g. {@code @bob@acme.example}, for a member typed by hand.</li>
 * </ul>
 * Text in fenced code blocks and inline code spans is not searched. Only members of the PRD's organization are ever
 * notified; a mention of anyone else does nothing.
 */
public final class Mentions {

    private static final Pattern FENCED = Pattern.compile("(?ms)^\\s*(```|~~~).*?^\\s*\\1");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern BY_ID = Pattern.compile(
            "@\\[[^\\]\\n]{0,200}\\]\\(mention:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\)");
    private static final Pattern BY_EMAIL = Pattern.compile(
            "(?<![\\w.@\\[])@([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24})");

    /** What a text mentions: user ids and (lower-cased) email addresses. */
    public record Found(Set<UUID> userIds, Set<String> emails) {

        public boolean isEmpty() {
            return userIds.isEmpty() && emails.isEmpty();
        }
    }

    private Mentions() {
    }

    public static Found in(String markdown) {
        Set<UUID> ids = new LinkedHashSet<>();
        Set<String> emails = new LinkedHashSet<>();
        if (markdown == null || markdown.isEmpty()) {
            return new Found(ids, emails);
        }
        String text = INLINE_CODE.matcher(FENCED.matcher(markdown).replaceAll(" ")).replaceAll(" ");
        Matcher m = BY_ID.matcher(text);
        while (m.find()) {
            ids.add(UUID.fromString(m.group(1)));
        }
        // the id form's display name must not count as an email mention
        Matcher e = BY_EMAIL.matcher(BY_ID.matcher(text).replaceAll(" "));
        while (e.find()) {
            String email = e.group(1);
            while (email.endsWith(".")) {
                email = email.substring(0, email.length() - 1);
            }
            emails.add(email.toLowerCase(Locale.ROOT));
        }
        return new Found(ids, emails);
    }
}
