package io.prdtool.integration.integration;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.IntegrationConfig;
import io.prdtool.integration.access.Access;
import io.prdtool.integration.access.Member;
import io.prdtool.integration.delivery.Deliverers;
import io.prdtool.integration.delivery.Dispatcher;
import io.prdtool.integration.integration.IntegrationApi.HealthView;
import io.prdtool.integration.integration.IntegrationApi.IntegrationView;
import io.prdtool.integration.integration.IntegrationApi.SecretView;
import io.prdtool.shared.events.integration.IntegrationDisabled;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.prdtool.shared.tx.Tx;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.pgclient.PgException;

/**
 * Creating, changing, enabling, disabling, deleting and testing integrations. Input is checked completely before
 * anything is stored (a refused request writes nothing); credentials are sealed in the same transaction as the row; a
 * manual disable publishes {@link IntegrationDisabled} through the outbox; re-enabling resets health and resumes the
 * integration's pending deliveries.
 */
@ApplicationScoped
public class IntegrationService {

    static final Set<String> CREATE_FIELDS = Set.of("type", "name", "enabled", "settings", "secret", "secretExpiresAt");
    static final Set<String> UPDATE_FIELDS = Set.of("name", "settings", "secret", "secretExpiresAt", "rotateSecret");

    @Inject
    Access access;

    @Inject
    IntegrationRepository integrations;

    @Inject
    TypeSettings typeSettings;

    @Inject
    Tx tx;

    @Inject
    Outbox outbox;

    @Inject
    IntegrationConfig config;

    @Inject
    Deliverers deliverers;

    @Inject
    Dispatcher dispatcher;

    public Uni<List<IntegrationView>> list(UUID orgId, JsonWebToken jwt) {
        return access.reader(orgId, jwt).chain(m -> integrations.list(orgId)
                .map(all -> all.stream().map(i -> view(i, m.administers(), null)).toList()));
    }

    public Uni<IntegrationView> get(UUID id, JsonWebToken jwt) {
        return reader(id, jwt).map(r -> view(r.integration(), r.member().administers(), null));
    }

    public Uni<IntegrationView> create(UUID orgId, JsonNode body, JsonWebToken jwt) {
        requireObject(body, CREATE_FIELDS);
        String typeName = text(body, "type");
        IntegrationType type = IntegrationType.fromWire(typeName).orElseThrow(() -> new ProblemException(
                ProblemType.VALIDATION, "type must be one of " + String.join(", ", IntegrationType.wireNames()),
                IntegrationType.wireNames()));
        String name = name(text(body, "name"));
        boolean enabled = !body.has("enabled") || bool(body, "enabled");
        Instant expires = instant(body, "secretExpiresAt");
        TypeSettings.Checked checked = typeSettings.check(type, body.get("settings"), text(body, "secret"), false);
        UUID id = UUID.randomUUID();
        return access.admin(orgId, jwt)
                .call(() -> resolve(checked))
                .chain(admin -> tx.writeWithConnection(orgId, c -> integrations.insert(c, id, orgId, type, name,
                        enabled, checked.settings(), admin.subject())
                        .chain(() -> checked.secret() == null
                                ? Uni.createFrom().voidItem()
                                : integrations.storeSecret(c, orgId, id, checked.secret(), expires, null)))
                        .onFailure(IntegrationService::duplicateName).transform(f -> duplicate(type, name)))
                .chain(() -> integrations.find(id))
                .map(found -> view(found.orElseThrow(), true, checked.generatedSecret() ? checked.secret() : null));
    }

    public Uni<IntegrationView> update(UUID id, JsonNode body, JsonWebToken jwt) {
        requireObject(body, UPDATE_FIELDS);
        return admin(id, jwt).chain(r -> {
            Integration current = r.integration();
            String name = body.has("name") ? name(text(body, "name")) : current.name();
            ObjectNode merged = current.settings().deepCopy();
            if (body.has("settings")) {
                JsonNode patch = body.get("settings");
                if (!patch.isObject()) {
                    throw new ProblemException(ProblemType.VALIDATION, "settings must be a JSON object");
                }
                for (Iterator<String> it = patch.fieldNames(); it.hasNext();) {
                    String f = it.next();
                    if (patch.get(f).isNull()) {
                        merged.remove(f);
                    } else {
                        merged.set(f, patch.get(f));
                    }
                }
            }
            boolean rotate = body.has("rotateSecret") && bool(body, "rotateSecret");
            if (rotate && current.type() != IntegrationType.WEBHOOK) {
                throw new ProblemException(ProblemType.VALIDATION, "rotateSecret applies to webhook integrations;"
                        + " give the new credential as secret");
            }
            String secret = rotate ? TypeSettings.generateWebhookSecret() : text(body, "secret");
            String newMode = merged.path("mode").asText("webhook");
            if (secret == null && current.hasSecret() && !newMode.equals(current.mode())) {
                throw new ProblemException(ProblemType.VALIDATION, "secret: changing the mode needs the matching"
                        + " credential: " + TypeSettings.secretMeaning(current.type(), newMode));
            }
            TypeSettings.Checked checked = typeSettings.check(current.type(), merged, secret, current.hasSecret());
            Instant expires = body.has("secretExpiresAt") ? instant(body, "secretExpiresAt") : null;
            boolean keepPrevious = current.type() == IntegrationType.WEBHOOK && current.hasSecret();
            return resolve(checked)
                    .chain(() -> tx.writeWithConnection(current.organizationId(), c -> integrations.update(c, id, name,
                            checked.settings(), r.member().subject())
                            .chain(() -> checked.secret() == null
                                    ? (body.has("secretExpiresAt")
                                            ? integrations.setSecretExpiry(c, id, expires)
                                            : Uni.createFrom().voidItem())
                                    : integrations.storeSecret(c, current.organizationId(), id, checked.secret(),
                                            body.has("secretExpiresAt") ? expires : null,
                                            keepPrevious ? config.webhook().secretGrace() : null)))
                            .onFailure(IntegrationService::duplicateName)
                            .transform(f -> duplicate(current.type(), name)))
                    .chain(() -> integrations.find(id))
                    .map(found -> view(found.orElseThrow(), true, rotate ? secret : null));
        });
    }

    public Uni<Void> delete(UUID id, JsonWebToken jwt) {
        return admin(id, jwt).chain(r -> tx.writeWithConnection(r.integration().organizationId(),
                c -> integrations.delete(c, id))).replaceWithVoid();
    }

    public Uni<IntegrationView> enable(UUID id, JsonWebToken jwt) {
        return admin(id, jwt)
                .chain(r -> tx.writeWithConnection(r.integration().organizationId(),
                        c -> integrations.enable(c, id, r.member().subject())))
                .invoke(dispatcher::wake)
                .chain(() -> integrations.find(id)).map(found -> view(found.orElseThrow(), true, null));
    }

    public Uni<IntegrationView> disable(UUID id, JsonWebToken jwt) {
        return admin(id, jwt)
                .chain(r -> tx.writeWithConnection(r.integration().organizationId(), c -> integrations
                        .disable(c, id, "manual", null, r.member().subject())
                        .chain(disabled -> disabled.isEmpty()
                                ? Uni.createFrom().voidItem()
                                : outbox.append(c, new IntegrationDisabled(id, r.integration().organizationId(),
                                        r.integration().type().wire(), r.integration().name(), "manual", null,
                                        disabled.get().consecutiveFailures(), Instant.now(), r.member().userId())))))
                .chain(() -> integrations.find(id)).map(found -> view(found.orElseThrow(), true, null));
    }

    public Uni<IntegrationApi.TestResult> test(UUID id, JsonWebToken jwt) {
        return admin(id, jwt).chain(r -> {
            var tester = deliverers.testerOf(r.integration().type()).orElseThrow(() -> new ProblemException(
                    ProblemType.NOT_IMPLEMENTED, "Connection tests for " + r.integration().type().wire()
                            + " integrations are not available yet: their adapter is not installed in this build"));
            return dispatcher.test(r.integration(), tester).map(t -> new IntegrationApi.TestResult(t.ok(), t.status(),
                    t.detail(), t.failure(), t.durationMs()));
        });
    }

    /** The integration and the caller, who must be an owner or admin of its organization (else 404 / 403). */
    public Uni<Resolved> admin(UUID id, JsonWebToken jwt) {
        return integrations.find(id).chain(found -> {
            Integration i = found.orElseThrow(() -> ProblemException.notFound("Integration " + id));
            return access.member(i.organizationId(), jwt)
                    .onFailure(ProblemException.class).transform(f -> ProblemException.notFound("Integration " + id))
                    .invoke(m -> {
                        if (!m.administers()) {
                            throw ProblemException.forbidden("Only organization owners and admins manage"
                                    + " integrations");
                        }
                    })
                    .map(m -> new Resolved(i, m));
        });
    }

    private Uni<Resolved> reader(UUID id, JsonWebToken jwt) {
        return integrations.find(id).chain(found -> {
            Integration i = found.orElseThrow(() -> ProblemException.notFound("Integration " + id));
            return access.member(i.organizationId(), jwt)
                    .onFailure(ProblemException.class).transform(f -> ProblemException.notFound("Integration " + id))
                    .invoke(m -> {
                        if (m.role() == io.prdtool.shared.events.org.OrgRole.VIEWER) {
                            throw ProblemException.forbidden("Viewers cannot see the organization's integrations");
                        }
                    })
                    .map(m -> new Resolved(i, m));
        });
    }

    /** An integration with the member asking about it. */
    public record Resolved(Integration integration, Member member) {
    }

    /** Resolves the URLs' hosts (DNS blocks: on a worker); a private address answers 422 before anything is stored. */
    private Uni<Void> resolve(TypeSettings.Checked checked) {
        if (checked.hostsToResolve().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> {
            typeSettings.resolveHosts(checked);
            return (Void) null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    static IntegrationView view(Integration i, boolean admin, String generatedSecret) {
        SecretView secret = admin
                ? new SecretView(i.hasSecret(), i.secretLast4(), i.secretSetAt(), i.secretExpiresAt())
                : null;
        HealthView health = new HealthView(i.disabledReason(), i.disabledAt(), admin ? i.lastError() : null,
                i.consecutiveFailures(), i.circuitState(), i.circuitRetryAt(), i.lastSuccessAt());
        return new IntegrationView(i.id(), i.organizationId(), i.type().wire(), i.name(), i.enabled(),
                admin ? i.settings() : null, secret, generatedSecret, health, admin ? i.createdBy() : null,
                i.createdAt(), i.updatedAt());
    }

    private static void requireObject(JsonNode body, Set<String> allowed) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(ProblemType.VALIDATION, "The body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new ProblemException(ProblemType.VALIDATION, "Unknown field '" + f + "'",
                        allowed.stream().sorted().toList());
            }
        }
    }

    private static String name(String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new ProblemException(ProblemType.VALIDATION, "name is required: 1 to 100 characters");
        }
        return name.trim();
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ProblemException(ProblemType.VALIDATION, field + " must be a string");
        }
        return n.asText();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isBoolean()) {
            throw new ProblemException(ProblemType.VALIDATION, field + " must be true or false");
        }
        return n.asBoolean();
    }

    private static Instant instant(JsonNode body, String field) {
        String s = text(body, field);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ProblemException(ProblemType.VALIDATION, field + " must be an RFC 3339 time");
        }
    }

    private static boolean duplicateName(Throwable f) {
        return f instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    private static ProblemException duplicate(IntegrationType type, String name) {
        return ProblemException.conflict("The organization already has a " + type.wire() + " integration named '"
                + name + "'");
    }
}
