package io.prdtool.ai.settings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.prdtool.ai.AiConfig;
import io.prdtool.ai.access.Access;
import io.prdtool.ai.access.Member;
import io.prdtool.ai.action.Action;
import io.prdtool.ai.action.ActionService;
import io.prdtool.ai.critique.Rubric;
import io.prdtool.ai.interaction.InteractionRunner;
import io.prdtool.ai.interaction.Step;
import io.prdtool.ai.provider.ProviderConfig;
import io.prdtool.ai.provider.Providers;
import io.prdtool.ai.quota.Quotas;
import io.prdtool.shared.crypto.SecretBox;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.net.OutboundUrlGuard;
import io.prdtool.shared.problem.Problem;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.prdtool.shared.tx.CurrentActor;
import io.prdtool.shared.tx.Tx;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * An organization's AI settings: what it has (any member), its switches and privacy settings, its own provider and
 * the rubric of the offline reviewer (owners and admins; the monthly token cap: owners). Provider API keys are
 * write-only: stored encrypted, shown only as set / last four characters.
 */
@Path("/api/v1/orgs/{orgId}/ai")
@Tag(name = "ai-settings", description = "AI configuration, privacy switches, provider and rubric of an organization")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {

    private static final Pattern MODEL = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final Pattern API_KEY = Pattern.compile("[\\x21-\\x7E]{1,4096}");
    private static final Pattern API_VERSION = Pattern.compile("[0-9A-Za-z.-]{1,40}");
    private static final Set<String> SETTINGS_FIELDS = Set.of("aiEnabled", "disabledActions", "promptRetentionDays",
            "monthlyTokenCap");

    @Inject
    JsonWebToken jwt;

    @Inject
    Access access;

    @Inject
    SettingsRepository settings;

    @Inject
    Providers providers;

    @Inject
    Quotas quotas;

    @Inject
    AiConfig config;

    @Inject
    SecretBox secrets;

    @Inject
    Tx tx;

    @Inject
    Pool pool;

    @Inject
    ActionService actions;

    @Inject
    InteractionRunner runner;

    @Inject
    CurrentActor actors;

    @GET
    @Path("/config")
    @Operation(summary = "What AI help the organization has (any member); whether a provider is configured")
    public Uni<SettingsApi.ConfigView> config(@PathParam("orgId") UUID orgId) {
        return access.member(orgId, jwt).chain(this::view);
    }

    @PATCH
    @Path("/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change AI switches and privacy settings (owners, admins; monthlyTokenCap: owners)", description = "Fields: aiEnabled, disabledActions (action names, 'review' for the offline reviewer),"
            + " promptRetentionDays (0..3650, 0 = never store prompt and answer text, null = deployment"
            + " default), monthlyTokenCap (tokens per month below the tier's budget, null = the tier's)."
            + " Absent fields are unchanged.")
    public Uni<SettingsApi.ConfigView> patch(@PathParam("orgId") UUID orgId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(ProblemType.VALIDATION, "The body must be a JSON object");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!SETTINGS_FIELDS.contains(f)) {
                throw new ProblemException(ProblemType.VALIDATION, "Unknown field '" + f + "'",
                        SETTINGS_FIELDS.stream().sorted().toList());
            }
        });
        return access.admin(orgId, jwt).chain(admin -> {
            if (body.has("monthlyTokenCap") && admin.role() != OrgRole.OWNER) {
                throw ProblemException.forbidden("Only owners may change the monthly token cap");
            }
            return tx.writeWithConnection(orgId, c -> settings.settings(c, orgId).chain(current -> {
                OrgSettings next = apply(current, body);
                return settings.saveSettings(c, next, admin.subject());
            })).chain(() -> view(admin));
        });
    }

    @PUT
    @Path("/provider")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Use the organization's own provider instead of the deployment's (owners, admins)", description = "Any OpenAI-compatible /v1 endpoint (OpenAI, Ollama, vLLM, llama.cpp server) or an Azure"
            + " OpenAI deployment URL. The base URL must be public https unless the operator allows private"
            + " endpoints. The API key is stored encrypted and never returned.")
    public Uni<SettingsApi.ProviderView> putProvider(@PathParam("orgId") UUID orgId,
            SettingsApi.ProviderUpdate update) {
        if (update == null) {
            throw new ProblemException(ProblemType.VALIDATION, "The body must be a provider");
        }
        boolean allowPrivate = config.provider().allowPrivateEndpoints();
        String kind = update.kind() == null ? "openai" : update.kind();
        if (!Providers.KINDS.contains(kind)) {
            throw new ProblemException(ProblemType.VALIDATION, "kind must be openai or azure", Providers.KINDS);
        }
        var uri = OutboundUrlGuard.requireValidUrl(update.baseUrl(), "baseUrl", allowPrivate);
        if (update.model() == null || !MODEL.matcher(update.model()).matches()) {
            throw new ProblemException(ProblemType.VALIDATION, "model is required: the provider's model name"
                    + " (1 to 200 visible characters)");
        }
        if (update.apiKey() != null && !update.apiKey().isEmpty() && !API_KEY.matcher(update.apiKey()).matches()) {
            throw new ProblemException(ProblemType.VALIDATION, "apiKey must be 1 to 4096 visible characters");
        }
        if (update.apiVersion() != null && !API_VERSION.matcher(update.apiVersion()).matches()) {
            throw new ProblemException(ProblemType.VALIDATION, "apiVersion must look like 2024-10-21");
        }
        String limitField = update.tokenLimitField() == null ? "max_tokens" : update.tokenLimitField();
        if (!List.of("max_tokens", "max_completion_tokens").contains(limitField)) {
            throw new ProblemException(ProblemType.VALIDATION,
                    "tokenLimitField must be max_tokens or max_completion_tokens");
        }
        if (update.apiKey() != null && !update.apiKey().isEmpty() && secrets.activeKeyId().isEmpty()) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "This deployment has no encryption key for secrets;"
                    + " API keys cannot be stored (operator: set prdtool.ai.secrets.active-key-id)");
        }
        String baseUrl = update.baseUrl().trim();
        return access.admin(orgId, jwt)
                // resolving the host blocks on DNS: off the event loop
                .call(admin -> Uni.createFrom().item(() -> OutboundUrlGuard.resolve(uri.getHost(), "baseUrl",
                        allowPrivate)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .chain(admin -> tx.writeWithConnection(orgId, c -> settings.saveOverride(c,
                        new ProviderOverride(orgId, kind, baseUrl, update.model(), "azure".equals(kind)
                                ? (update.apiVersion() == null ? config.provider().apiVersion() : update.apiVersion())
                                : null, limitField, null, null, null),
                        update.apiKey(), admin.subject()))
                        .chain(() -> settings.override(orgId))
                        .map(o -> providerView(o.orElseThrow(), true)));
    }

    @DELETE
    @Path("/provider")
    @Operation(summary = "Stop using the organization's own provider; the deployment's default applies (owners,"
            + " admins)")
    public Uni<RestResponse<Void>> deleteProvider(@PathParam("orgId") UUID orgId) {
        return access.admin(orgId, jwt).chain(admin -> tx.writeWithConnection(orgId,
                c -> settings.deleteOverride(c, orgId))).map(deleted -> {
                    if (!deleted) {
                        throw ProblemException.notFound("The organization's own provider");
                    }
                    return RestResponse.noContent();
                });
    }

    @POST
    @Path("/provider/test")
    @Operation(summary = "Ask the effective provider for a one-word answer (owners, admins)", description = "Recorded"
            + " and counted like any call. ok=false says what failed (unreachable, refused key, timeout ...);"
            + " 503 when no provider is configured.")
    public Uni<SettingsApi.ConnectionTest> test(@PathParam("orgId") UUID orgId) {
        return access.admin(orgId, jwt).chain(admin -> providers.require(orgId)
                .chain(provider -> actors.current().chain(actor -> actions.admitTest(admin, provider, actor)))
                .chain(prepared -> runner.runToEnd(prepared).map(last -> testResult(prepared.provider(), last))));
    }

    @GET
    @Path("/rubric")
    @Operation(summary = "The review rubric in effect and the organization's adjustments (any member)")
    public Uni<SettingsApi.RubricView> rubric(@PathParam("orgId") UUID orgId) {
        return access.member(orgId, jwt).chain(m -> settings.settings(orgId))
                .map(s -> rubricView(s.rubric()));
    }

    @PUT
    @Path("/rubric")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Adjust the review rubric (owners, admins); see ai-service/RUBRIC.md for the shape")
    public Uni<SettingsApi.RubricView> putRubric(@PathParam("orgId") UUID orgId, JsonNode adjustments) {
        if (adjustments == null || !adjustments.isObject()) {
            throw new ProblemException(ProblemType.VALIDATION, "The rubric adjustments must be a JSON object");
        }
        try {
            Rubric.fromJson(adjustments);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.VALIDATION, e.getMessage());
        }
        return access.admin(orgId, jwt).chain(admin -> tx.writeWithConnection(orgId, c -> settings
                .settings(c, orgId).chain(current -> settings.saveSettings(c, new OrgSettings(orgId,
                        current.aiEnabled(), current.disabledActions(), current.promptRetentionDays(),
                        current.monthlyTokenBudget(), adjustments), admin.subject()))))
                .map(ignored -> rubricView(adjustments));
    }

    @DELETE
    @Path("/rubric")
    @Operation(summary = "Back to the default rubric (owners, admins)")
    public Uni<SettingsApi.RubricView> resetRubric(@PathParam("orgId") UUID orgId) {
        return access.admin(orgId, jwt).chain(admin -> tx.writeWithConnection(orgId, c -> settings
                .settings(c, orgId).chain(current -> settings.saveSettings(c, new OrgSettings(orgId,
                        current.aiEnabled(), current.disabledActions(), current.promptRetentionDays(),
                        current.monthlyTokenBudget(), null), admin.subject()))))
                .map(ignored -> rubricView(null));
    }

    private static SettingsApi.RubricView rubricView(JsonNode adjustments) {
        Rubric rubric = adjustments == null ? Rubric.defaults() : Rubric.fromJson(adjustments);
        return new SettingsApi.RubricView(rubric.version(), adjustments, rubric.toJson());
    }

    private SettingsApi.ConnectionTest testResult(ProviderConfig provider, Step last) {
        if (last instanceof Step.Done done) {
            var v = done.interaction();
            boolean ok = "completed".equals(v.status());
            return new SettingsApi.ConnectionTest(ok, provider.source().wire(), provider.model(), v.modelReturned(),
                    v.durationMs() == null ? null : v.durationMs().longValue(), v.id(), v.errorCode(),
                    v.errorMessage());
        }
        Step.Failed failed = (Step.Failed) last;
        var v = failed.interaction();
        return new SettingsApi.ConnectionTest(false, provider.source().wire(), provider.model(),
                v == null ? null : v.modelReturned(), v == null || v.durationMs() == null
                        ? null
                        : v.durationMs().longValue(),
                v == null ? null : v.id(), v == null ? null : v.errorCode(), failed.detail());
    }

    private OrgSettings apply(OrgSettings current, JsonNode body) {
        boolean enabled = current.aiEnabled();
        Set<String> disabled = current.disabledActions();
        Integer retention = current.promptRetentionDays();
        Long cap = current.monthlyTokenBudget();
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body.has("aiEnabled")) {
            if (!body.get("aiEnabled").isBoolean()) {
                errors.add(new Problem.FieldError("aiEnabled", "must be true or false"));
            } else {
                enabled = body.get("aiEnabled").asBoolean();
            }
        }
        if (body.has("disabledActions")) {
            JsonNode list = body.get("disabledActions");
            if (!list.isArray()) {
                errors.add(new Problem.FieldError("disabledActions", "must be a list of action names"));
            } else {
                Set<String> next = new HashSet<>();
                for (JsonNode n : list) {
                    if (!n.isTextual() || !Action.switchableNames().contains(n.asText())) {
                        throw new ProblemException(ProblemType.VALIDATION, "disabledActions: unknown action "
                                + n, Action.switchableNames());
                    }
                    next.add(n.asText());
                }
                disabled = Set.copyOf(next);
            }
        }
        if (body.has("promptRetentionDays")) {
            JsonNode n = body.get("promptRetentionDays");
            if (n.isNull()) {
                retention = null;
            } else if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0 || n.asInt() > 3650) {
                errors.add(new Problem.FieldError("promptRetentionDays", "must be a whole number of days from 0"
                        + " to 3650, or null for the deployment default"));
            } else {
                retention = n.asInt();
            }
        }
        if (body.has("monthlyTokenCap")) {
            JsonNode n = body.get("monthlyTokenCap");
            if (n.isNull()) {
                cap = null;
            } else if (!n.isIntegralNumber() || n.asLong() < 0) {
                errors.add(new Problem.FieldError("monthlyTokenCap", "must be a whole number of tokens, or null"));
            } else {
                cap = n.asLong();
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        return new OrgSettings(current.organizationId(), enabled, disabled, retention, cap, current.rubric());
    }

    private Uni<SettingsApi.ConfigView> view(Member member) {
        UUID orgId = member.organizationId();
        // the organization's own provider if it has one, else the deployment's; its key is never decrypted here
        return settings.settings(orgId).chain(s -> settings.override(orgId).chain(override -> quotas
                .usage(pool, orgId, Quotas.currentPeriod()).map(usage -> {
                    Optional<ProviderConfig> deployment = providers.deploymentDefault();
                    boolean configured = override.isPresent() || deployment.isPresent();
                    String source = override.isPresent()
                            ? "organization"
                            : deployment.isPresent() ? "deployment" : "none";
                    SettingsApi.ProviderView provider = override
                            .map(o -> providerView(o, member.administers()))
                            .or(() -> deployment.map(p -> new SettingsApi.ProviderView(p.kind(), p.model(),
                                    member.administers() ? p.baseUrl() : null, null, p.tokenLimitField(),
                                    member.administers()
                                            ? new SettingsApi.ApiKeyView(p.apiKey() != null, null, null)
                                            : null,
                                    null)))
                            .orElse(null);
                    List<SettingsApi.ActionView> actionViews = new ArrayList<>();
                    for (String name : Action.switchableNames()) {
                        boolean requiresProvider = !Action.REVIEW.equals(name);
                        boolean enabled = s.allows(name);
                        actionViews.add(new SettingsApi.ActionView(name, enabled, requiresProvider,
                                enabled && (configured || !requiresProvider)));
                    }
                    int retention = s.promptRetentionDays() == null
                            ? config.retention().defaultDays()
                            : s.promptRetentionDays();
                    return new SettingsApi.ConfigView(orgId, configured, source, provider, s.aiEnabled(), actionViews,
                            retention, s.promptRetentionDays() == null ? "deployment" : "organization", usage,
                            s.monthlyTokenBudget(), new SettingsApi.Limits(config.limits().requestsPerMinute(),
                                    config.limits().concurrentStreams(), config.limits().maxSelectionChars(),
                                    config.limits().maxInputChars(), config.output().maxTokens()),
                            secrets.activeKeyId().isPresent());
                })));
    }

    private static SettingsApi.ProviderView providerView(ProviderOverride o, boolean admin) {
        return new SettingsApi.ProviderView(o.kind(), o.model(), admin ? o.baseUrl() : null, o.apiVersion(),
                o.tokenLimitField(),
                admin ? new SettingsApi.ApiKeyView(o.apiKeyLast4() != null, o.apiKeyLast4(), o.apiKeySetAt()) : null,
                o.updatedAt());
    }

    /** Several invalid fields at once. */
    static final class ValidationProblem extends ProblemException {

        private final List<Problem.FieldError> errors;

        ValidationProblem(List<Problem.FieldError> errors) {
            super(ProblemType.VALIDATION, errors.size() == 1
                    ? errors.get(0).field() + ": " + errors.get(0).message()
                    : errors.size() + " fields are invalid");
            this.errors = errors;
        }

        @Override
        public Problem toProblem() {
            return super.toProblem().withErrors(errors);
        }
    }
}
