package io.prdtool.ai.action;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.ai.AiConfig;
import io.prdtool.ai.access.Access;
import io.prdtool.ai.access.Member;
import io.prdtool.ai.access.PrdRef;
import io.prdtool.ai.clients.Downstream;
import io.prdtool.ai.clients.PrdServiceClient;
import io.prdtool.ai.critique.Dimension;
import io.prdtool.ai.db.Rows;
import io.prdtool.ai.interaction.InteractionRepository;
import io.prdtool.ai.interaction.InteractionView;
import io.prdtool.ai.interaction.Prepared;
import io.prdtool.ai.provider.ChatMessage;
import io.prdtool.ai.provider.ChatRequest;
import io.prdtool.ai.provider.ProviderConfig;
import io.prdtool.ai.provider.Providers;
import io.prdtool.ai.quota.Quotas;
import io.prdtool.ai.settings.OrgSettings;
import io.prdtool.ai.settings.SettingsRepository;
import io.prdtool.ai.suggestion.SuggestionRepository;
import io.prdtool.ai.text.TextAnchor;
import io.prdtool.ai.tokens.TokenCounter;
import io.prdtool.shared.events.ai.AiInteractionStarted;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.prdtool.shared.tx.ActorContext;
import io.prdtool.shared.tx.Tx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Admits a generative action: checks the request, the caller's access (members, admins, owners; viewers get 403),
 * the organization's switches, that a provider exists (else 503), reads only the PRD text the action needs (with the
 * caller's token), builds the prompt, and then, in one transaction, checks the caller's rate and running calls,
 * reserves the estimated tokens of the month's budget, records the interaction (pending) and publishes
 * {@code AiInteractionStarted}. Every refusal happens before anything is written.
 */
@ApplicationScoped
public class ActionService {

    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}[ \\t]+(.+?)[ \\t]*#*[ \\t]*$");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Inject
    AiConfig config;

    @Inject
    Access access;

    @Inject
    SettingsRepository settings;

    @Inject
    Providers providers;

    @Inject
    PrdText prdText;

    @Inject
    @RestClient
    PrdServiceClient prdService;

    @Inject
    TokenCounter tokens;

    @Inject
    Quotas quotas;

    @Inject
    InteractionRepository interactions;

    @Inject
    Outbox outbox;

    @Inject
    Tx tx;

    @Inject
    Pool pool;

    @Inject
    SuggestionRepository suggestions;

    /** Either a call to run, or the recorded outcome of an earlier request with the same Idempotency-Key. */
    public sealed interface Admission {

        record Run(Prepared prepared) implements Admission {
        }

        record Replay(InteractionView interaction) implements Admission {
        }
    }

    /** Checks that can be answered without I/O: 400 / 413 before anything else. */
    public static Action validate(String actionName, ActionRequest request, String idempotencyKey, AiConfig config) {
        Action action = Action.fromWire(actionName).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "Unknown AI action '" + actionName + "'", Action.userActions().stream().map(Action::wire).toList()));
        ActionRequest r = request == null ? new ActionRequest(null, null, null, null, null) : request;
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters");
        }
        switch (action.input()) {
            case SELECTION -> requireSelection(r, config);
            case VERSIONS -> {
                if (blank(r.fromVersion()) || blank(r.toVersion())) {
                    throw new ProblemException(ProblemType.VALIDATION, "changelog needs fromVersion and toVersion");
                }
            }
            default -> {
                if (action == Action.DRAFT_SECTION && blank(r.section())) {
                    throw new ProblemException(ProblemType.VALIDATION,
                            "draft_section needs the title of the section to draft in 'section'");
                }
                if (r.selection() != null && action == Action.DIAGRAM) {
                    requireSelection(r, config);
                }
            }
        }
        return action;
    }

    private static void requireSelection(ActionRequest r, AiConfig config) {
        if (r.selection() == null || r.selection().text() == null || r.selection().text().isBlank()) {
            throw new ProblemException(ProblemType.VALIDATION, "selection.text is required and must not be blank");
        }
        if (r.selection().text().length() > config.limits().maxSelectionChars()) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The selection has "
                    + r.selection().text().length() + " characters; at most " + config.limits().maxSelectionChars()
                    + " are accepted");
        }
    }

    public Uni<Admission> admit(UUID prdId, String actionName, ActionRequest request, JsonWebToken jwt,
            boolean streamed, String idempotencyKey, ActorContext actor) {
        Action action = validate(actionName, request, idempotencyKey, config);
        ActionRequest r = request == null ? new ActionRequest(null, null, null, null, null) : request;
        return access.writePrd(prdId, jwt).chain(prd -> settings.settings(prd.organizationId()).chain(s -> {
            if (!s.aiEnabled()) {
                throw ProblemException.forbidden("AI is turned off for this organization");
            }
            if (!s.allows(action.wire())) {
                throw ProblemException.forbidden("The AI action '" + action.wire()
                        + "' is turned off for this organization");
            }
            Uni<Admission> replay = idempotencyKey == null
                    ? Uni.createFrom().nullItem()
                    : interactions.byIdempotencyKey(pool, prd.organizationId(), prd.member().subject(),
                            idempotencyKey).chain(
                                    found -> found.isEmpty()
                                            ? Uni.createFrom().nullItem()
                                            : suggestions.ofInteraction(pool, found.get().id())
                                                    .map(list -> replayOf(found.get().withSuggestions(list))));
            return replay.chain(existing -> existing != null
                    ? Uni.createFrom().item(existing)
                    : providers.require(prd.organizationId()).chain(provider -> plan(prd, action, r, jwt)
                            .chain(plan -> record(prd.member(), prd.prdId(), action, plan, provider, s, streamed,
                                    idempotencyKey, actor))));
        }));
    }

    /** The provider check of the settings API: one tiny call, recorded and counted like any other. */
    public Uni<Prepared> admitTest(Member admin, ProviderConfig provider, ActorContext actor) {
        Plan plan = new Plan(Prompts.testConnection(), null, null, null, null,
                JsonNodeFactory.instance.objectNode());
        return settings.settings(admin.organizationId()).chain(s -> record(admin, null, Action.TEST_CONNECTION, plan,
                provider, s, false, null, actor)).map(a -> ((Admission.Run) a).prepared());
    }

    private Admission replayOf(InteractionView existing) {
        if (existing.running()) {
            throw ProblemException.conflict("A request with this Idempotency-Key is still running (interaction "
                    + existing.id() + ")");
        }
        return new Admission.Replay(existing);
    }

    /** The prompt and what it was built from. */
    record Plan(List<ChatMessage> messages, String document, String documentHash, TextAnchor selection,
            String section, ObjectNode params) {
    }

    private Uni<Plan> plan(PrdRef prd, Action action, ActionRequest r, JsonWebToken jwt) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        return switch (action.input()) {
            case VERSIONS -> prdService.compare(prd.prdId(), r.fromVersion(), r.toVersion(), bearer(jwt))
                    .onFailure().transform(f -> Downstream.map(f, "prd-service", "a version of PRD " + prd.prdId()))
                    .map(cmp -> {
                        String diff = cmp.unifiedDiff() == null ? "" : cmp.unifiedDiff();
                        if (diff.isBlank()) {
                            throw new ProblemException(ProblemType.UNPROCESSABLE, "Versions " + r.fromVersion()
                                    + " and " + r.toVersion() + " have the same content");
                        }
                        if (diff.length() > config.limits().maxInputChars()) {
                            throw PrdText.tooLong(diff.length(), config.limits().maxInputChars());
                        }
                        params.put("fromVersion", r.fromVersion()).put("toVersion", r.toVersion());
                        return new Plan(Prompts.changelog(r.fromVersion(), r.toVersion(), diff, r.instructions()),
                                null, Rows.sha256(diff), null, null, params);
                    });
            case NONE -> Uni.createFrom().item(new Plan(Prompts.testConnection(), null, null, null, null, params));
            default -> prdText.current(prd.prdId(), jwt).chain(text -> {
                String doc = text.content();
                if (doc.length() > config.limits().maxInputChars() && action.input() == Action.Input.DOCUMENT) {
                    throw PrdText.tooLong(doc.length(), config.limits().maxInputChars());
                }
                params.put("documentSource", text.source());
                String hash = Rows.sha256(doc);
                if (action.input() == Action.Input.SELECTION || (action == Action.DIAGRAM && r.selection() != null)) {
                    TextAnchor selection = locateSelection(doc, r.selection());
                    String context = sectionAt(doc, selection.start());
                    params.put("selectionStart", selection.start()).put("selectionLength",
                            selection.exact().length());
                    List<ChatMessage> messages = switch (action) {
                        case IMPROVE -> Prompts.improve(selection.exact(), context, r.instructions());
                        case SHORTEN -> Prompts.shorten(selection.exact(), context, r.instructions());
                        case EXPAND -> Prompts.expand(selection.exact(), context, r.instructions());
                        default -> Prompts.diagram(selection.exact(), r.instructions());
                    };
                    return Uni.createFrom().item(new Plan(messages, doc, hash, selection, null, params));
                }
                if (doc.isBlank() && action != Action.DRAFT_SECTION) {
                    throw new ProblemException(ProblemType.UNPROCESSABLE,
                            "The PRD is empty; write something first or draft a section from its template");
                }
                return switch (action) {
                    case DRAFT_SECTION -> guidance(prd, r.section(), jwt).map(guidance -> {
                        params.put("section", r.section().strip());
                        return new Plan(Prompts.draftSection(r.section().strip(), guidance, doc, r.instructions()),
                                doc, hash, null, r.section().strip(), params);
                    });
                    case USER_STORIES -> Uni.createFrom().item(new Plan(Prompts.userStories(doc, r.instructions()),
                            doc, hash, null, null, params));
                    case SUCCESS_METRICS -> Uni.createFrom().item(new Plan(Prompts.successMetrics(doc,
                            r.instructions()), doc, hash, null, null, params));
                    case DIAGRAM -> Uni.createFrom().item(new Plan(Prompts.diagram(doc, r.instructions()), doc, hash,
                            null, null, params));
                    case BACKLOG -> Uni.createFrom().item(new Plan(Prompts.backlog(doc, r.instructions()), doc, hash,
                            null, null, params));
                    case CRITIQUE -> Uni.createFrom().item(new Plan(Prompts.critique(doc,
                            java.util.Arrays.stream(Dimension.values()).map(Dimension::id).toList()), doc, hash, null,
                            null, params));
                    default -> throw new IllegalStateException("no plan for " + action);
                };
            });
        };
    }

    /** Records the call (pending) with its reservation, under the caller's limits, and announces it. */
    private Uni<Admission> record(Member member, UUID prdId, Action action, Plan plan, ProviderConfig provider,
            OrgSettings s, boolean streamed, String idempotencyKey, ActorContext actor) {
        int maxTokens = Math.min(action.maxTokens(), config.output().maxTokens());
        int promptEstimate = tokens.count(plan.messages());
        int reserve = promptEstimate + maxTokens;
        int retention = s.promptRetentionDays() == null ? config.retention().defaultDays() : s.promptRetentionDays();
        boolean storeText = retention > 0;
        String promptText = render(plan.messages());
        UUID id = UUID.randomUUID();
        Prompts.Template template = Prompts.template(action);
        ChatRequest chat = new ChatRequest(plan.messages(), maxTokens, action.json() ? 0.2 : 0.4, action.json(),
                endUser(member));
        long lease = config.timeouts().total().toSeconds() + 60;
        if (storeText && plan.params() != null) {
            // the user's own words are prompt text: kept only as long as prompts are
            plan.params().put("retentionDays", retention);
        }
        Instant now = Instant.now();
        // the organization's budget row is locked by the reservation until the commit: it comes last, so that
        // admissions of one organization queue on it for one statement, not for the whole transaction
        return tx.writeWithConnectionAs(actor, member.organizationId(), c -> quotas.admitUser(c,
                member.organizationId(), member.subject())
                .chain(() -> interactions.insert(c, new InteractionRepository.NewInteraction(id,
                        member.organizationId(), prdId, member.userId(), member.subject(), action.wire(), streamed,
                        provider.kind(), provider.source().wire(), provider.model(), template.name(),
                        template.version(), plan.params().toString(), storeText ? promptText : null,
                        Rows.sha256(promptText), reserve, maxTokens, idempotencyKey, lease)))
                .chain(() -> outbox.append(c, new AiInteractionStarted(id, member.organizationId(), prdId,
                        member.userId(), member.subject(), action.wire(), provider.kind(), provider.model(), now)))
                .chain(() -> quotas.reserve(c, member.organizationId(), reserve)))
                .onFailure(ActionService::isIdempotencyRace).transform(f -> ProblemException.conflict(
                        "A request with this Idempotency-Key is already being processed"))
                .map(ignored -> new Admission.Run(new Prepared(id, member.organizationId(), prdId, member, action,
                        template.id(), provider, chat, promptEstimate, reserve, Quotas.currentPeriod(),
                        plan.document(), plan.documentHash(), plan.selection(), plan.section(), storeText, actor)));
    }

    private Uni<String> guidance(PrdRef prd, String section, JsonWebToken jwt) {
        if (prd.templateId() == null) {
            return Uni.createFrom().nullItem();
        }
        return prdService.template(prd.templateId(), bearer(jwt))
                .map(t -> {
                    if (t == null || t.structure() == null || t.structure().sections() == null) {
                        return null;
                    }
                    return t.structure().sections().stream()
                            .filter(sec -> sec.title() != null && sec.title().strip().equalsIgnoreCase(section.strip()))
                            .map(PrdServiceClient.Section::guidance).findFirst().orElse(null);
                })
                // a deleted template or an unreachable prd-service only costs the guidance
                .onFailure().recoverWithNull();
    }

    /** Where the selection is in the document now: at its start if it is still there, else its nearest occurrence. */
    static TextAnchor locateSelection(String doc, ActionRequest.Selection selection) {
        String wanted = selection.text();
        Integer start = selection.start();
        if (start != null && start + wanted.length() <= doc.length() && doc.startsWith(wanted, start)) {
            return TextAnchor.of(doc, start, start + wanted.length());
        }
        int best = -1;
        for (int at = doc.indexOf(wanted); at >= 0; at = doc.indexOf(wanted, at + 1)) {
            if (best < 0 || start != null && Math.abs(at - start) < Math.abs(best - start)) {
                best = at;
            }
            if (start == null) {
                break;
            }
        }
        if (best < 0) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "The selected text is not in the PRD (any more); select it again");
        }
        return TextAnchor.of(doc, best, best + wanted.length());
    }

    /** The title of the section a position is in (the nearest heading above it), for the prompt's context. */
    static String sectionAt(String doc, int position) {
        Matcher m = HEADING.matcher(doc);
        String title = "(before the first heading)";
        while (m.find() && m.start() <= position) {
            title = m.group(1).strip();
        }
        return title.length() > 200 ? title.substring(0, 200) : title;
    }

    private static String render(List<ChatMessage> messages) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            sb.append('[').append(m.role()).append("]\n").append(m.content()).append("\n\n");
        }
        return sb.toString();
    }

    /** A stable, opaque id of the end user for the provider's abuse detection (never their email or subject). */
    private static String endUser(Member member) {
        return Rows.sha256("prdtool:" + member.organizationId() + ":" + member.subject()).substring(0, 32);
    }

    private static boolean isIdempotencyRace(Throwable f) {
        return f instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())
                && pg.getMessage() != null && pg.getMessage().contains("idempotency");
    }

    private static String bearer(JsonWebToken jwt) {
        return "Bearer " + jwt.getRawToken();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
