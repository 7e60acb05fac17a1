package io.prdtool.notification.email;

import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.prdtool.notification.notification.Channel;
import io.prdtool.notification.notification.NotificationType;
import io.prdtool.notification.preference.PreferenceRepository;
import io.prdtool.shared.tx.Tx;
import io.smallrye.mutiny.Uni;

/**
 * RFC 8058 one-click unsubscribe, without a session: the token in the link is the authority. {@code POST} (what a
 * mail provider sends with {@code List-Unsubscribe=One-Click}) switches email off for the token's type (or every type
 * that may be switched off); {@code GET} (a person, or a link scanner) only shows a confirmation page whose button
 * posts. A forged, altered or expired token changes nothing and gets a page that says so.
 */
@Path("/api/v1/unsubscribe")
@Tag(name = "unsubscribe", description = "One-click email unsubscribe (RFC 8058), authorised by the signed token")
@PermitAll
@SecurityRequirement(name = "none")
public class UnsubscribeResource {

    @Inject
    UnsubscribeTokens tokens;

    @Inject
    PreferenceRepository preferences;

    @Inject
    Tx tx;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "A confirmation page with a button (nothing changes on GET)")
    public RestResponse<String> confirm(@QueryParam("token") String token) {
        Optional<UnsubscribeTokens.Claims> claims = tokens.verify(token);
        if (claims.isEmpty()) {
            return invalid();
        }
        String what = describe(claims.get().type());
        return RestResponse.ok(page("Unsubscribe?", "<p>Stop emails about " + what + "?</p>"
                + "<form method=\"post\" action=\"?token=" + escape(token) + "\">"
                + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>"
                + "<p>You can change this any time in your notification settings.</p>"));
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Switch the token's emails off (one click, no session)")
    public Uni<RestResponse<String>> unsubscribe(@QueryParam("token") String token) {
        Optional<UnsubscribeTokens.Claims> claims = tokens.verify(token);
        if (claims.isEmpty()) {
            return Uni.createFrom().item(invalid());
        }
        UnsubscribeTokens.Claims c = claims.get();
        return tx.writeWithConnection(null, conn -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (NotificationType type : NotificationType.values()) {
                boolean matches = UnsubscribeTokens.ALL.equals(c.type()) || type.wire().equals(c.type());
                if (matches && !type.locked(Channel.EMAIL)) {
                    all = all.chain(() -> preferences.setOverride(conn, c.userId(), type, Channel.EMAIL, false));
                }
            }
            return all;
        }).map(ignored -> RestResponse.ok(page("Unsubscribed", "<p>You will no longer get emails about "
                + describe(c.type()) + ".</p><p>You can change this any time in your notification settings.</p>")));
    }

    private static RestResponse<String> invalid() {
        return RestResponse.status(RestResponse.Status.BAD_REQUEST, page("Link not valid",
                "<p>This unsubscribe link is not valid or has expired, so nothing was changed.</p>"
                        + "<p>Use the link in a recent email, or change your notification settings in PRD Tool.</p>"));
    }

    private static String describe(String type) {
        if (UnsubscribeTokens.ALL.equals(type)) {
            return "anything that can be switched off";
        }
        return escape(type.replace('_', ' '));
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + " - PRD Tool</title></head><body style=\"font-family: sans-serif; max-width: 600px\"><h1>"
                + title + "</h1>" + body + "</body></html>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
