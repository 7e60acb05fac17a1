package io.prdtool.integration.integration;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.IntegrationConfig;
import io.prdtool.integration.git.GitConfig;
import io.prdtool.integration.http.GuardedHttp;
import io.prdtool.shared.net.OutboundUrlGuard;
import io.prdtool.shared.problem.Problem;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;

/**
 * What each type of integration accepts, checked strictly: unknown fields, wrong types and missing required fields
 * are 400 with one error per field; URLs must be https, without credentials, and must not name a private address (a
 * host name is resolved afterwards, see {@link Checked#hostsToResolve()}); vendor URLs must be on the vendor's hosts.
 * The credential ({@code secret}) means, per type: webhook: the signing secret ({@code whsec_...}, generated when
 * absent); slack: the incoming-webhook URL ({@code mode=webhook}) or a bot token {@code xoxb-...} ({@code mode=bot});
 * mattermost: the incoming-webhook URL or a bot / personal access token; teams: the Workflows webhook URL; jira,
 * confluence: an API token; git: an access token or an SSH private key; craft: the API connection link.
 * <p>
 * To add a setting for an adapter: add a {@link Field} to the type in {@link #FIELDS}.
 */
@ApplicationScoped
public class TypeSettings {

    /** PRD events a chat or webhook integration may subscribe to. */
    public static final List<String> PRD_EVENTS = List.of("PrdCreated", "PrdUpdated", "PrdStatusChanged",
            "PrdApproved", "PrdApprovalInvalidated", "PrdVersionCreated", "PrdDeleted");
    static final List<String> CHAT_DEFAULT_EVENTS = List.of("PrdApproved", "PrdVersionCreated",
            "PrdApprovalInvalidated");

    private static final Pattern WHSEC = Pattern.compile("whsec_([A-Za-z0-9+/=]+)");
    private static final Pattern SLACK_BOT = Pattern.compile("xoxb-[A-Za-z0-9-]{10,}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{8,4096}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_#.-]{1,200}");
    private static final Pattern PROJECT_KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,49}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,200}@[^@\\s]{1,200}");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
    private static final Pattern GIT_SCP = Pattern.compile("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._/~-]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    enum Kind {
        STRING, URL, BOOLEAN, EVENTS, UUIDS, MODE, GIT_URL
    }

    /** One setting: its kind, whether it is required, its default (null: none) and an extra check. */
    record Field(Kind kind, boolean required, Object defaultValue, Pattern pattern) {

        static Field of(Kind kind) {
            return new Field(kind, false, null, null);
        }

        static Field required(Kind kind, Pattern pattern) {
            return new Field(kind, true, null, pattern);
        }

        static Field optional(Kind kind, Pattern pattern) {
            return new Field(kind, false, null, pattern);
        }

        static Field withDefault(Kind kind, Object value) {
            return new Field(kind, false, value, null);
        }
    }

    static final Map<IntegrationType, Map<String, Field>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put(IntegrationType.WEBHOOK, Map.of("url", Field.required(Kind.URL, null),
                "events", Field.withDefault(Kind.EVENTS, PRD_EVENTS), "projectIds", Field.of(Kind.UUIDS),
                "includeContent", Field.withDefault(Kind.BOOLEAN, true)));
        FIELDS.put(IntegrationType.SLACK, Map.of("mode", Field.withDefault(Kind.MODE, "webhook"),
                "channel", Field.optional(Kind.STRING, ID),
                "events", Field.withDefault(Kind.EVENTS, CHAT_DEFAULT_EVENTS), "projectIds", Field.of(Kind.UUIDS),
                "personalNotifications", Field.withDefault(Kind.BOOLEAN, false)));
        FIELDS.put(IntegrationType.MATTERMOST, Map.of("mode", Field.withDefault(Kind.MODE, "webhook"),
                "baseUrl", Field.of(Kind.URL), "channelId", Field.optional(Kind.STRING, ID),
                "username", Field.optional(Kind.STRING, Pattern.compile("[\\p{L}\\p{N} ._-]{1,64}")),
                "events", Field.withDefault(Kind.EVENTS, CHAT_DEFAULT_EVENTS), "projectIds", Field.of(Kind.UUIDS),
                "personalNotifications", Field.withDefault(Kind.BOOLEAN, false)));
        FIELDS.put(IntegrationType.TEAMS, Map.of("events", Field.withDefault(Kind.EVENTS, CHAT_DEFAULT_EVENTS),
                "projectIds", Field.of(Kind.UUIDS)));
        FIELDS.put(IntegrationType.JIRA, Map.of("baseUrl", Field.required(Kind.URL, null),
                "email", Field.optional(Kind.STRING, EMAIL), "projectKey", Field.required(Kind.STRING, PROJECT_KEY),
                "deployment", Field.withDefault(Kind.STRING, "cloud"),
                "autoPublish", Field.withDefault(Kind.BOOLEAN, false), "projectIds", Field.of(Kind.UUIDS)));
        FIELDS.put(IntegrationType.CONFLUENCE, Map.of("baseUrl", Field.required(Kind.URL, null),
                "email", Field.optional(Kind.STRING, EMAIL), "spaceKey", Field.required(Kind.STRING, ID),
                "parentPageId", Field.optional(Kind.STRING, ID),
                "autoPublish", Field.withDefault(Kind.BOOLEAN, false), "projectIds", Field.of(Kind.UUIDS)));
        FIELDS.put(IntegrationType.GIT, Map.of("repoUrl", Field.of(Kind.GIT_URL),
                "branch", new Field(Kind.STRING, false, "main", BRANCH),
                "path", new Field(Kind.STRING, false, "prds", BRANCH),
                "username", Field.optional(Kind.STRING, ID),
                "authorName", Field.optional(Kind.STRING, Pattern.compile("[^\\n<>]{1,100}")),
                "authorEmail", Field.optional(Kind.STRING, EMAIL), "projectIds", Field.of(Kind.UUIDS),
                "sshHostKey", Field.optional(Kind.STRING, Pattern.compile("[^\\r\\n]{8,8192}"))));
        FIELDS.put(IntegrationType.CRAFT, Map.of("documentId", Field.optional(Kind.STRING, ID),
                "autoPublish", Field.withDefault(Kind.BOOLEAN, false), "projectIds", Field.of(Kind.UUIDS)));
    }

    /** Valid settings and credential, ready to store; {@code generatedSecret} is shown to the caller once. */
    public record Checked(ObjectNode settings, String secret, boolean generatedSecret, Set<String> hostsToResolve) {

        @Override
        public String toString() {
            return "Checked[settings=" + settings + ", secret=" + (secret == null ? "unchanged" : "***") + "]";
        }
    }

    @Inject
    IntegrationConfig config;

    @Inject
    GuardedHttp http;

    @Inject
    GitConfig gitConfig;

    /**
     * Checks {@code settings} (the full settings after a change) and {@code secret} (null: keep the stored one, which
     * exists when {@code secretStored}) for {@code type}.
     */
    public Checked check(IntegrationType type, JsonNode settings, String secret, boolean secretStored) {
        if (settings != null && !settings.isNull() && !settings.isObject()) {
            throw new ProblemException(ProblemType.VALIDATION, "settings must be a JSON object");
        }
        Map<String, Field> fields = FIELDS.get(type);
        List<Problem.FieldError> errors = new ArrayList<>();
        ObjectNode in = settings == null || settings.isNull()
                ? JsonNodeFactory.instance.objectNode()
                : (ObjectNode) settings;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Set<String> hosts = new LinkedHashSet<>();
        for (Iterator<String> it = in.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!fields.containsKey(name)) {
                errors.add(new Problem.FieldError("settings." + name, "unknown field for a " + type.wire()
                        + " integration (allowed: " + String.join(", ", fields.keySet().stream().sorted().toList())
                        + ")"));
            }
        }
        for (var entry : fields.entrySet()) {
            String name = entry.getKey();
            Field field = entry.getValue();
            JsonNode value = in.get(name);
            String path = "settings." + name;
            if (value == null || value.isNull()) {
                if (field.required()) {
                    errors.add(new Problem.FieldError(path, "is required"));
                } else if (field.defaultValue() != null) {
                    out.set(name, toNode(field.defaultValue()));
                }
                continue;
            }
            BiConsumer<String, String> error = (p, m) -> errors.add(new Problem.FieldError(p, m));
            JsonNode normalized = switch (field.kind()) {
                case STRING -> {
                    if (!value.isTextual() || value.asText().isBlank()) {
                        error.accept(path, "must be a non-empty string");
                        yield null;
                    }
                    if (field.pattern() != null && !field.pattern().matcher(value.asText()).matches()) {
                        error.accept(path, "has an invalid format");
                        yield null;
                    }
                    yield value;
                }
                case MODE -> {
                    if (!value.isTextual() || !List.of("webhook", "bot").contains(value.asText())) {
                        error.accept(path, "must be webhook or bot");
                        yield null;
                    }
                    yield value;
                }
                case BOOLEAN -> {
                    if (!value.isBoolean()) {
                        error.accept(path, "must be true or false");
                        yield null;
                    }
                    yield value;
                }
                case URL -> {
                    if (!value.isTextual()) {
                        error.accept(path, "must be a URL");
                        yield null;
                    }
                    try {
                        URI uri = url(value.asText(), path);
                        hosts.add(uri.getHost());
                        yield JsonNodeFactory.instance.textNode(uri.toString());
                    } catch (ProblemException e) {
                        error.accept(path, e.getMessage().startsWith(path)
                                ? e.getMessage().substring(path.length()).trim()
                                : e.getMessage());
                        yield null;
                    }
                }
                case GIT_URL -> {
                    if (!value.isTextual() || !(gitUrl(value.asText()) || (gitConfig.allowGitProtocol()
                            && value.asText().startsWith("git://")))) {
                        error.accept(path, "must be an https or ssh repository URL (no credentials, no file:)");
                        yield null;
                    }
                    yield value;
                }
                case EVENTS -> {
                    if (!value.isArray() || value.isEmpty()) {
                        error.accept(path, "must be a non-empty list of event types: " + String.join(", ",
                                PRD_EVENTS));
                        yield null;
                    }
                    ArrayNode list = JsonNodeFactory.instance.arrayNode();
                    Set<String> seen = new LinkedHashSet<>();
                    for (JsonNode n : value) {
                        if (!n.isTextual() || !PRD_EVENTS.contains(n.asText())) {
                            error.accept(path, "unknown event type " + n + " (allowed: " + String.join(", ",
                                    PRD_EVENTS) + ")");
                        } else if (seen.add(n.asText())) {
                            list.add(n.asText());
                        }
                    }
                    yield list;
                }
                case UUIDS -> {
                    if (!value.isArray()) {
                        error.accept(path, "must be a list of project ids");
                        yield null;
                    }
                    ArrayNode list = JsonNodeFactory.instance.arrayNode();
                    for (JsonNode n : value) {
                        try {
                            list.add(UUID.fromString(n.asText()).toString());
                        } catch (IllegalArgumentException e) {
                            error.accept(path, "holds something that is not a project id: " + n);
                        }
                    }
                    yield list;
                }
            };
            if (normalized != null) {
                out.set(name, normalized);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        String mode = out.path("mode").asText("webhook");
        typeRules(type, out, mode, errors);
        boolean generated = false;
        String newSecret = secret;
        if (newSecret != null && newSecret.isEmpty()) {
            newSecret = null;
        }
        if (newSecret != null) {
            checkSecret(type, mode, newSecret, hosts, errors);
        } else if (type == IntegrationType.WEBHOOK && !secretStored) {
            newSecret = generateWebhookSecret();
            generated = true;
        } else if (!secretStored) {
            errors.add(new Problem.FieldError("secret", "is required for a " + type.wire() + " integration: "
                    + secretMeaning(type, mode)));
        }
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        return new Checked(out, newSecret, generated, hosts);
    }

    /**
     * Resolves every host of {@code checked} (blocking DNS: call it off the event loop): 422 when one resolves to a
     * private, loopback or link-local address. A host that does not resolve now is accepted (DNS may be down or the
     * name not yet published); every call resolves and checks it again anyway.
     */
    public void resolveHosts(Checked checked) {
        for (String host : checked.hostsToResolve()) {
            if (http.privateAllowed(host)) {
                continue;
            }
            java.net.InetAddress[] addresses;
            try {
                addresses = java.net.InetAddress.getAllByName(host);
            } catch (java.net.UnknownHostException e) {
                continue;
            }
            for (java.net.InetAddress a : addresses) {
                if (OutboundUrlGuard.isNonPublic(a)) {
                    throw new ProblemException(ProblemType.UNPROCESSABLE, "The URL's host " + host
                            + " resolves to a private, loopback or link-local address, which this deployment does not"
                            + " call");
                }
            }
        }
    }

    /** A fresh Standard Webhooks signing secret: {@code whsec_} and base64 of 32 random bytes. */
    public static String generateWebhookSecret() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return "whsec_" + Base64.getEncoder().encodeToString(raw);
    }

    private void typeRules(IntegrationType type, ObjectNode s, String mode, List<Problem.FieldError> errors) {
        boolean bot = "bot".equals(mode);
        boolean personal = s.path("personalNotifications").asBoolean(false);
        switch (type) {
            case SLACK -> {
                if (bot && !s.hasNonNull("channel")) {
                    errors.add(new Problem.FieldError("settings.channel", "is required with mode bot (a channel"
                            + " id such as C0123456789)"));
                }
                if (personal && !bot) {
                    errors.add(new Problem.FieldError("settings.personalNotifications", "needs mode bot: an"
                            + " incoming webhook cannot send direct messages"));
                }
            }
            case MATTERMOST -> {
                if (bot && (!s.hasNonNull("baseUrl") || !s.hasNonNull("channelId"))) {
                    errors.add(new Problem.FieldError("settings", "mode bot needs baseUrl (the Mattermost server)"
                            + " and channelId"));
                }
                if (personal && !bot) {
                    errors.add(new Problem.FieldError("settings.personalNotifications", "needs mode bot: an"
                            + " incoming webhook cannot send direct messages"));
                }
            }
            case JIRA -> {
                String deployment = s.path("deployment").asText();
                if (!List.of("cloud", "datacenter").contains(deployment)) {
                    errors.add(new Problem.FieldError("settings.deployment", "must be cloud or datacenter"));
                } else if ("cloud".equals(deployment) && !s.hasNonNull("email")) {
                    errors.add(new Problem.FieldError("settings.email", "is required for Jira Cloud (the API"
                            + " token's owner)"));
                }
            }
            default -> {
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
    }

    private void checkSecret(IntegrationType type, String mode, String secret, Set<String> hosts,
            List<Problem.FieldError> errors) {
        switch (type) {
            case WEBHOOK -> {
                var m = WHSEC.matcher(secret);
                boolean ok = m.matches();
                if (ok) {
                    try {
                        ok = Base64.getDecoder().decode(m.group(1)).length >= 24;
                    } catch (IllegalArgumentException e) {
                        ok = false;
                    }
                }
                if (!ok) {
                    errors.add(new Problem.FieldError("secret", "must be whsec_ followed by the base64 of at"
                            + " least 24 random bytes (or leave it out and one is generated)"));
                }
            }
            case SLACK -> {
                if ("bot".equals(mode)) {
                    if (!SLACK_BOT.matcher(secret).matches()) {
                        errors.add(new Problem.FieldError("secret", "must be a Slack bot token (xoxb-...)"));
                    }
                } else {
                    vendorUrl(secret, config.slack().webhookHosts(), List.of(), "/services/", hosts, errors,
                            "must be a Slack incoming-webhook URL (https://hooks.slack.com/services/...)");
                }
            }
            case MATTERMOST -> {
                if ("bot".equals(mode)) {
                    token(secret, errors);
                } else {
                    try {
                        URI uri = url(secret, "secret");
                        if (uri.getRawPath() == null || !uri.getRawPath().contains("/hooks/")) {
                            errors.add(new Problem.FieldError("secret", "must be a Mattermost incoming-webhook URL"
                                    + " (https://<server>/hooks/<key>)"));
                        }
                        hosts.add(uri.getHost());
                    } catch (ProblemException e) {
                        errors.add(new Problem.FieldError("secret", redactedReason(e)));
                    }
                }
            }
            case TEAMS -> vendorUrl(secret, List.of(), config.teams().hostSuffixes(), "/", hosts, errors,
                    "must be a Teams Workflows webhook URL (on *.logic.azure.com, *.powerplatform.com or"
                            + " *.powerautomate.com)");
            case CRAFT -> vendorUrl(secret, config.craft().hosts(), List.of(), "/links/", hosts, errors,
                    "must be a Craft API connection URL (https://connect.craft.do/links/...)");
            case GIT -> {
                if (secret.length() > 16384 || secret.isBlank()) {
                    errors.add(new Problem.FieldError("secret", "must be an access token or an SSH private key"));
                }
            }
            default -> token(secret, errors);
        }
    }

    private static void token(String secret, List<Problem.FieldError> errors) {
        if (!TOKEN.matcher(secret).matches()) {
            errors.add(new Problem.FieldError("secret", "must be a token of 8 to 4096 visible characters"));
        }
    }

    private void vendorUrl(String value, List<String> hostsAllowed, List<String> suffixes, String pathPrefix,
            Set<String> hosts, List<Problem.FieldError> errors, String message) {
        URI uri;
        try {
            uri = url(value, "secret");
        } catch (ProblemException e) {
            errors.add(new Problem.FieldError("secret", redactedReason(e)));
            return;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        boolean hostOk = hostsAllowed.stream().anyMatch(h -> h.trim().equalsIgnoreCase(host))
                || suffixes.stream().anyMatch(s -> host.endsWith(s.trim().toLowerCase(Locale.ROOT)));
        if (!hostOk || uri.getRawPath() == null || !uri.getRawPath().startsWith(pathPrefix)) {
            errors.add(new Problem.FieldError("secret", message));
            return;
        }
        hosts.add(uri.getHost());
    }

    /** The guard's reason without the URL (which is the credential here). */
    private static String redactedReason(ProblemException e) {
        String m = e.getMessage();
        return m.startsWith("secret") ? m.substring("secret".length()).trim() : "is not a valid URL";
    }

    /** A URL we may call: https (http only for an operator-allowed private host), no credentials. */
    URI url(String value, String field) {
        URI parsed;
        try {
            parsed = new URI(value.trim());
        } catch (java.net.URISyntaxException e) {
            throw ProblemException.badRequest(field + " is not a valid URL");
        }
        boolean privateOk = parsed.getHost() != null && http.privateAllowed(parsed.getHost());
        return OutboundUrlGuard.requireValidUrl(value, field, privateOk);
    }

    static boolean gitUrl(String url) {
        String u = url.trim();
        if (u.length() > 2048) {
            return false;
        }
        if (GIT_SCP.matcher(u).matches()) {
            return true;
        }
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("ssh")) {
                return uri.getHost() != null && uri.getRawPath() != null && uri.getRawPath().length() > 1;
            }
            return scheme.equals("https") && uri.getHost() != null && uri.getRawUserInfo() == null
                    && uri.getRawPath() != null && uri.getRawPath().length() > 1;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    static String secretMeaning(IntegrationType type, String mode) {
        return switch (type) {
            case WEBHOOK -> "the signing secret";
            case SLACK -> "bot".equals(mode) ? "the bot token (xoxb-...)" : "the incoming-webhook URL";
            case MATTERMOST -> "bot".equals(mode) ? "the bot or personal access token" : "the incoming-webhook URL";
            case TEAMS -> "the Workflows webhook URL";
            case JIRA, CONFLUENCE -> "the API token";
            case GIT -> "an access token or SSH private key";
            case CRAFT -> "the API connection URL";
        };
    }

    private static JsonNode toNode(Object value) {
        if (value instanceof Boolean b) {
            return JsonNodeFactory.instance.booleanNode(b);
        }
        if (value instanceof List<?> list) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            list.forEach(v -> a.add(String.valueOf(v)));
            return a;
        }
        return JsonNodeFactory.instance.textNode(String.valueOf(value));
    }

    /** Several invalid fields at once (the problem lists each). */
    public static final class ValidationProblem extends ProblemException {

        private final List<Problem.FieldError> errors;

        public ValidationProblem(List<Problem.FieldError> errors) {
            super(ProblemType.VALIDATION, errors.size() == 1
                    ? errors.get(0).field() + ": " + errors.get(0).message()
                    : errors.size() + " fields are invalid");
            this.errors = List.copyOf(errors);
        }

        @Override
        public Problem toProblem() {
            return super.toProblem().withErrors(errors);
        }
    }
}
