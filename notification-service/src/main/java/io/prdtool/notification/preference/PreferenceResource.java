package io.prdtool.notification.preference;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.notification.access.Access;
import io.prdtool.notification.notification.Channel;
import io.prdtool.notification.notification.NotificationType;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.prdtool.shared.tx.Tx;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The caller's notification preferences: the effective matrix type × channel (defaults in code, the caller's
 * overrides on top) and their delivery settings. {@code PUT} takes partial changes.
 */
@Path("/api/v1/notification-preferences")
@Tag(name = "notification-preferences", description = "Which notifications reach you where, quiet hours, digests")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class PreferenceResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    Access access;

    @Inject
    PreferenceRepository preferences;

    @Inject
    Tx tx;

    @Inject
    Pool pool;

    @RegisterForReflection
    public record ChannelSetting(boolean enabled,
            @Schema(description = "The value without an override") boolean defaultValue,
            @Schema(description = "Critical types cannot be switched off in-app or by email") boolean locked) {
    }

    @RegisterForReflection
    public record TypeSettings(String type, boolean critical, Map<String, ChannelSetting> channels) {
    }

    @RegisterForReflection
    public record QuietHours(String start, String end) {
    }

    @RegisterForReflection
    public record Settings(String timeZone, String locale, QuietHours quietHours, Integer dailyDigestHour) {
    }

    @RegisterForReflection
    @Schema(name = "NotificationPreferences")
    public record View(List<TypeSettings> preferences, Settings settings) {
    }

    @GET
    @Operation(summary = "The caller's effective preferences and settings")
    public Uni<View> get() {
        return access.userId(jwt).chain(user -> user == null
                ? Uni.createFrom().item(Preferences.DEFAULT)
                : preferences.load(pool, user)).map(PreferenceResource::view);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change some preferences and settings", description = "Body (every part optional):"
            + " {\"preferences\": {\"prd_updated\": {\"email\": false, \"in_app\": null}}, \"settings\": {\"timeZone\":"
            + " \"Europe/Berlin\", \"locale\": \"de\", \"quietHours\": {\"start\": \"22:00\", \"end\": \"07:00\"},"
            + " \"dailyDigestHour\": 8}}. null resets a channel to its default, quietHours: null and"
            + " dailyDigestHour: null switch them off. Unknown types or channels, and switching off a critical type"
            + " in-app or by email, are 400.")
    public Uni<View> put(Map<String, Object> body) {
        if (body == null) {
            throw ProblemException.badRequest("A JSON object is required");
        }
        List<Change> changes = changes(body.get("preferences"));
        Object settingsPatch = body.get("settings");
        if (settingsPatch != null && !(settingsPatch instanceof Map)) {
            throw ProblemException.badRequest("settings must be an object");
        }
        return access.knownUser(jwt, "User").chain(user -> tx.writeWithConnection(null,
                c -> preferences.settings(c, user).chain(current -> {
                    UserSettings next = settingsPatch == null ? current : patch(current, asMap(settingsPatch));
                    Uni<Void> all = settingsPatch == null
                            ? Uni.createFrom().voidItem()
                            : preferences.saveSettings(c, user, next);
                    for (Change ch : changes) {
                        all = all.chain(() -> ch.enabled() == null
                                ? reset(c, user, ch)
                                : preferences.setOverride(c, user, ch.type(), ch.channel(), ch.enabled()));
                    }
                    return all;
                })).chain(() -> preferences.load(pool, user))).map(PreferenceResource::view);
    }

    private Uni<Void> reset(io.vertx.mutiny.sqlclient.SqlConnection c, UUID user, Change ch) {
        return c.preparedQuery("DELETE FROM notification_preferences WHERE user_id = $1 AND channel = $2"
                + " AND event_type = $3").execute(io.vertx.mutiny.sqlclient.Tuple.of(user, ch.channel().wire(),
                        ch.type().wire()))
                .replaceWithVoid();
    }

    record Change(NotificationType type, Channel channel, Boolean enabled) {
    }

    static List<Change> changes(Object raw) {
        List<Change> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof Map<?, ?> byType)) {
            throw ProblemException.badRequest("preferences must be an object of type → {channel: true|false|null}");
        }
        List<String> types = Arrays.stream(NotificationType.values()).map(NotificationType::wire).toList();
        List<String> channels = Arrays.stream(Channel.values()).map(Channel::wire).toList();
        for (var entry : byType.entrySet()) {
            NotificationType type = NotificationType.parse(String.valueOf(entry.getKey()))
                    .orElseThrow(() -> new ProblemException(ProblemType.BAD_REQUEST,
                            "Unknown notification type " + entry.getKey(), types));
            if (!(entry.getValue() instanceof Map<?, ?> byChannel)) {
                throw ProblemException.badRequest("preferences." + type.wire() + " must be an object of channels");
            }
            for (var ch : byChannel.entrySet()) {
                Channel channel = Channel.parse(String.valueOf(ch.getKey()))
                        .orElseThrow(() -> new ProblemException(ProblemType.BAD_REQUEST,
                                "Unknown channel " + ch.getKey(), channels));
                Object v = ch.getValue();
                if (v != null && !(v instanceof Boolean)) {
                    throw ProblemException.badRequest("preferences." + type.wire() + "." + channel.wire()
                            + " must be true, false or null");
                }
                if (Boolean.FALSE.equals(v) && type.locked(channel)) {
                    throw ProblemException.badRequest(type.wire() + " is critical: its " + channel.wire()
                            + " notifications cannot be switched off");
                }
                out.add(new Change(type, channel, (Boolean) v));
            }
        }
        return out;
    }

    static UserSettings patch(UserSettings s, Map<String, Object> p) {
        String zone = s.timeZone();
        String locale = s.locale();
        LocalTime quietStart = s.quietStart();
        LocalTime quietEnd = s.quietEnd();
        Integer digest = s.dailyDigestHour();
        for (String key : p.keySet()) {
            if (!List.of("timeZone", "locale", "quietHours", "dailyDigestHour").contains(key)) {
                throw ProblemException.badRequest("Unknown setting " + key
                        + " (known: timeZone, locale, quietHours, dailyDigestHour)");
            }
        }
        if (p.containsKey("timeZone")) {
            zone = String.valueOf(p.get("timeZone"));
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw ProblemException.badRequest("timeZone must be an IANA time zone such as Europe/Berlin");
            }
        }
        if (p.containsKey("locale")) {
            locale = String.valueOf(p.get("locale"));
            if (!locale.matches("[a-z]{2}([-_][A-Za-z]{2})?")) {
                throw ProblemException.badRequest("locale must look like en, de or de-DE");
            }
        }
        if (p.containsKey("quietHours")) {
            Object q = p.get("quietHours");
            if (q == null) {
                quietStart = null;
                quietEnd = null;
            } else if (q instanceof Map<?, ?> m) {
                quietStart = time(m.get("start"), "quietHours.start");
                quietEnd = time(m.get("end"), "quietHours.end");
            } else {
                throw ProblemException.badRequest("quietHours must be {\"start\": \"22:00\", \"end\": \"07:00\"}"
                        + " or null");
            }
        }
        if (p.containsKey("dailyDigestHour")) {
            Object h = p.get("dailyDigestHour");
            if (h == null) {
                digest = null;
            } else if (h instanceof Integer i && i >= 0 && i <= 23) {
                digest = i;
            } else {
                throw ProblemException.badRequest("dailyDigestHour must be an hour 0-23 or null");
            }
        }
        return new UserSettings(zone, locale, quietStart, quietEnd, digest);
    }

    private static LocalTime time(Object v, String name) {
        try {
            return LocalTime.parse(String.valueOf(v));
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be a time such as 22:00");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    static View view(Preferences p) {
        List<TypeSettings> types = new ArrayList<>();
        for (NotificationType t : NotificationType.values()) {
            Map<String, ChannelSetting> channels = new LinkedHashMap<>();
            for (Channel ch : Channel.values()) {
                channels.put(ch.wire(), new ChannelSetting(p.enabled(t, ch), t.defaultFor(ch), t.locked(ch)));
            }
            types.add(new TypeSettings(t.wire(), t.critical(), channels));
        }
        UserSettings s = p.settings();
        QuietHours quiet = s.quietStart() == null
                ? null
                : new QuietHours(s.quietStart().toString(), s.quietEnd().toString());
        return new View(types, new Settings(s.timeZone(), s.locale(), quiet, s.dailyDigestHour()));
    }
}
