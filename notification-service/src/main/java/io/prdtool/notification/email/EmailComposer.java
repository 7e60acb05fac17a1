package io.prdtool.notification.email;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.notification.NotificationConfig;
import io.prdtool.notification.notification.Messages;
import io.prdtool.notification.notification.NotificationType;
import io.prdtool.notification.notification.Texts;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;

/**
 * Builds emails from the Qute templates in {@code templates/emails} (HTML and plain text): a stable
 * {@code Message-ID} per notification ({@code <notification-id@host>}, so a resend after a crash is recognisably
 * the same mail), threading per PRD ({@code In-Reply-To}/{@code References} to {@code <prd-<id>@host>}), and for
 * types a user may switch off, RFC 8058 one-click unsubscribe headers.
 */
@ApplicationScoped
public class EmailComposer {

    @Inject
    NotificationConfig config;

    @Inject
    UnsubscribeTokens tokens;

    @Location("emails/notification.html")
    Template notificationHtml;

    @Location("emails/notification.txt")
    Template notificationText;

    @Location("emails/digest.html")
    Template digestHtml;

    @Location("emails/digest.txt")
    Template digestText;

    /** One notification as an email. */
    public record Notice(UUID id, UUID recipientId, String to, String locale, NotificationType type, String title,
            String body, String link, UUID prdId, String prdTitle) {
    }

    /** A line of a digest. */
    @TemplateData
    public record DigestItem(String title, String link, String prdTitle) {
    }

    public Mail notification(Notice n) {
        Messages m = Texts.of(n.locale());
        Optional<String> unsubscribe = n.type().critical()
                ? Optional.empty()
                : tokens.issue(n.recipientId(), n.type().wire()).map(this::unsubscribeUrl);
        String html = notificationHtml.data("lang", lang(n.locale())).data("title", n.title())
                .data("body", n.body()).data("link", n.link()).data("prdTitle", n.prdTitle())
                .data("openLabel", m.open()).data("footer", m.footer())
                .data("unsubscribeUrl", unsubscribe.orElse(null)).data("unsubscribeLabel", m.unsubscribe()).render();
        String text = notificationText.data("title", n.title()).data("body", n.body()).data("link", n.link())
                .data("prdTitle", n.prdTitle()).data("openLabel", m.open()).data("footer", m.footer())
                .data("unsubscribeUrl", unsubscribe.orElse(null)).data("unsubscribeLabel", m.unsubscribe()).render();
        Mail mail = Mail.withHtml(n.to(), n.title(), html).setText(text).setFrom(config.email().from())
                .addHeader("Message-ID", messageId(n.id()));
        if (n.prdId() != null) {
            String thread = "<prd-" + n.prdId() + "@" + config.links().messageIdHost() + ">";
            mail.addHeader("In-Reply-To", thread).addHeader("References", thread);
        }
        unsubscribe.ifPresent(url -> oneClick(mail, url));
        return mail;
    }

    public Mail digest(UUID digestId, UUID recipientId, String to, String locale, List<DigestItem> items) {
        Messages m = Texts.of(locale);
        String subject = m.digestSubject(items.size());
        Optional<String> unsubscribe = tokens.issue(recipientId, UnsubscribeTokens.ALL).map(this::unsubscribeUrl);
        String html = digestHtml.data("lang", lang(locale)).data("subject", subject).data("intro", m.digestIntro())
                .data("items", items).data("footer", m.footer()).data("unsubscribeUrl", unsubscribe.orElse(null))
                .data("unsubscribeLabel", m.unsubscribe()).render();
        String text = digestText.data("subject", subject).data("intro", m.digestIntro()).data("items", items)
                .data("footer", m.footer()).data("unsubscribeUrl", unsubscribe.orElse(null))
                .data("unsubscribeLabel", m.unsubscribe()).render();
        Mail mail = Mail.withHtml(to, subject, html).setText(text).setFrom(config.email().from())
                .addHeader("Message-ID", "<digest-" + digestId + "@" + config.links().messageIdHost() + ">");
        unsubscribe.ifPresent(url -> oneClick(mail, url));
        return mail;
    }

    public String messageId(UUID notificationId) {
        return "<" + notificationId + "@" + config.links().messageIdHost() + ">";
    }

    private static void oneClick(Mail mail, String url) {
        mail.addHeader("List-Unsubscribe", "<" + url + ">");
        mail.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }

    private String unsubscribeUrl(String token) {
        return config.links().api() + "/api/v1/unsubscribe?token=" + token;
    }

    private static String lang(String locale) {
        return locale != null && locale.startsWith("de") ? "de" : "en";
    }
}
