package io.prdtool.notification.support;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/** What the test SMTP server received, per recipient, with both bodies of a message. */
public final class Mails {

    private Mails() {
    }

    /** A received message: headers, subject and its HTML and plain-text bodies. */
    public record Received(MimeMessage message, String subject, String html, String text) {

        public String header(String name) {
            try {
                String[] values = message.getHeader(name);
                return values == null ? null : values[0];
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static List<Received> to(String email) {
        List<Received> out = new ArrayList<>();
        for (MimeMessage m : MailResource.greenMail().getReceivedMessages()) {
            try {
                Address[] to = m.getAllRecipients();
                if (to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(email))) {
                    out.add(read(m));
                }
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Waits until exactly {@code count} messages reached {@code email}. */
    public static List<Received> await(String email, int count, Duration timeout) {
        org.awaitility.Awaitility.await().atMost(timeout).until(() -> to(email).size() >= count);
        List<Received> got = to(email);
        if (got.size() != count) {
            throw new AssertionError("expected " + count + " emails to " + email + ", got " + got.size());
        }
        return got;
    }

    private static Received read(MimeMessage m) throws MessagingException, IOException {
        String html = null;
        String text = null;
        Object content = m.getContent();
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                Object c = part.getContent();
                if (c instanceof Multipart inner) {
                    for (int j = 0; j < inner.getCount(); j++) {
                        BodyPart p = inner.getBodyPart(j);
                        if (p.isMimeType("text/html")) {
                            html = String.valueOf(p.getContent());
                        } else if (p.isMimeType("text/plain")) {
                            text = String.valueOf(p.getContent());
                        }
                    }
                } else if (part.isMimeType("text/html")) {
                    html = String.valueOf(c);
                } else if (part.isMimeType("text/plain")) {
                    text = String.valueOf(c);
                }
            }
        } else if (m.isMimeType("text/html")) {
            html = String.valueOf(content);
        } else {
            text = String.valueOf(content);
        }
        return new Received(m, m.getSubject(), html, text);
    }
}
