package io.prdtool.ai.interaction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.prdtool.ai.action.Action;
import io.prdtool.ai.action.Answers;
import io.prdtool.ai.provider.ChatEvent;
import io.prdtool.ai.provider.ProviderException;
import io.prdtool.ai.provider.Providers;
import io.prdtool.ai.quota.Quotas;
import io.prdtool.ai.suggestion.SuggestionRepository;
import io.prdtool.ai.suggestion.SuggestionView;
import io.prdtool.ai.tokens.TokenCounter;
import io.prdtool.shared.events.ai.AiInteractionCancelled;
import io.prdtool.shared.events.ai.AiInteractionCompleted;
import io.prdtool.shared.events.ai.AiInteractionFailed;
import io.prdtool.shared.events.ai.AiSuggestionCreated;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.problem.ProblemType;
import io.prdtool.shared.tx.Tx;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Runs an admitted call: streams the provider's answer to the caller while collecting it, then validates it and
 * records the outcome in one transaction: the interaction's end (completed, failed or cancelled, with tokens and
 * timings), the budget settled, the suggestions the answer became, and their events. The caller sees
 * {@link Step.Done} or {@link Step.Failed} only after that transaction committed.
 * <p>
 * A call ends exactly once, whichever comes first: the answer completes, the provider fails, the cancel endpoint
 * stops it, or the streaming client disconnects (the upstream request is aborted in the last two cases and the
 * call recorded as cancelled). A transient failure before the first token is retried once.
 */
@ApplicationScoped
public class InteractionRunner {

    private static final Logger LOG = Logger.getLogger(InteractionRunner.class);

    @Inject
    Providers providers;

    @Inject
    InteractionRepository interactions;

    @Inject
    SuggestionRepository suggestions;

    @Inject
    Quotas quotas;

    @Inject
    Outbox outbox;

    @Inject
    Tx tx;

    @Inject
    TokenCounter tokens;

    @Inject
    RunningInteractions running;

    @Inject
    AiMetrics metrics;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    public Multi<Step> run(Prepared prepared) {
        return Multi.createFrom().emitter(emitter -> new Execution(prepared, emitter).start());
    }

    /** The same call, for a caller that wants one answer: its last step. */
    public Uni<Step> runToEnd(Prepared prepared) {
        return run(prepared).filter(s -> s instanceof Step.Done || s instanceof Step.Failed).collect().last();
    }

    private final class Execution {

        private final Prepared p;
        private final MultiEmitter<? super Step> emitter;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final StringBuilder text = new StringBuilder();
        private final long startNanos = System.nanoTime();
        private volatile Cancellable upstream;
        private volatile boolean receivedAny;
        private ChatEvent.Usage usage;
        private String modelReturned;
        private String finishReason;
        private Integer ttftMs;
        private Uni<Void> streamingMarked;

        Execution(Prepared p, MultiEmitter<? super Step> emitter) {
            this.p = p;
            this.emitter = emitter;
        }

        void start() {
            running.register(p.interactionId(), this::cancel);
            emitter.onTermination(() -> {
                if (!ended.get()) {
                    cancel("disconnected");
                }
            });
            emitter.emit(new Step.Started(p.interactionId(), p.action().wire(), p.provider().kind(),
                    p.provider().model()));
            upstream = providers.implementation(p.provider()).chat(p.provider(), p.chat())
                    .onFailure(f -> f instanceof ProviderException pe && pe.retryable() && !receivedAny)
                    .retry().withBackOff(Duration.ofMillis(300)).atMost(1)
                    .subscribe().with(this::onEvent, this::onFailure, this::onComplete);
        }

        private void onEvent(ChatEvent event) {
            if (ended.get()) {
                return;
            }
            if (event instanceof ChatEvent.Delta d) {
                if (!receivedAny) {
                    receivedAny = true;
                    ttftMs = (int) ((System.nanoTime() - startNanos) / 1_000_000);
                    streamingMarked = interactions.markStreaming(p.interactionId())
                            .onFailure().recoverWithNull().memoize().indefinitely();
                    streamingMarked.subscribe().with(ignored -> {
                    });
                }
                synchronized (text) {
                    text.append(d.text());
                }
                emitter.emit(new Step.Delta(d.text()));
            } else if (event instanceof ChatEvent.Usage u) {
                usage = u;
            } else if (event instanceof ChatEvent.Finished f) {
                finishReason = f.finishReason();
                modelReturned = f.model();
            }
        }

        /** The answer so far (the cancel endpoint may ask from another thread while deltas arrive). */
        private String answer() {
            synchronized (text) {
                return text.toString();
            }
        }

        private void onComplete() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            Answers.Outcome outcome;
            try {
                if ("length".equals(finishReason) && p.action() != Action.TEST_CONNECTION) {
                    throw new ProviderException(ProviderException.INVALID_OUTPUT, "the answer was cut off at the"
                            + " token limit (" + p.chat().maxTokens() + " tokens)");
                }
                outcome = Answers.parse(p.action(), answer(), p.document(), p.selection(), p.section());
            } catch (ProviderException e) {
                settleFailure(e);
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not read the answer of interaction %s", p.interactionId());
                settleFailure(new ProviderException(ProviderException.INTERNAL, "the answer could not be processed"));
                return;
            }
            settleSuccess(outcome);
        }

        private void onFailure(Throwable failure) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            ProviderException e;
            if (failure instanceof ProviderException pe) {
                e = pe;
            } else {
                LOG.errorf(failure, "Interaction %s failed unexpectedly", p.interactionId());
                e = new ProviderException(ProviderException.INTERNAL, "the call failed unexpectedly");
            }
            settleFailure(e);
        }

        /** The cancel endpoint ({@code cancelled}) or a client that went away ({@code disconnected}). */
        void cancel(String reason) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            Cancellable u = upstream;
            if (u != null) {
                u.cancel(); // aborts the upstream request: its connection is closed
            }
            int[] counts = estimatedCounts();
            long duration = elapsedMs();
            Instant now = Instant.now();
            settle(c -> interactions.finish(c, p.interactionId(), new InteractionRepository.Ending("cancelled",
                    modelReturned, p.storeText() ? answer() : null, null, counts[0], counts[1], usage == null,
                    finishReason, null, null, reason, ttftMs, (int) duration))
                    .chain(recorded -> !recorded
                            ? Uni.createFrom().voidItem()
                            : outbox.append(c, new AiInteractionCancelled(p.interactionId(), p.organizationId(),
                                    p.prdId(), p.member().userId(), p.member().subject(), p.action().wire(),
                                    p.provider().kind(), p.provider().model(), reason, counts[0], counts[1],
                                    usage == null, duration, now))
                                    // last: it locks the organization's budget row until the commit
                                    .chain(() -> quotas.settle(c, p.organizationId(), p.period(),
                                            p.reservedTokens(), counts[0] + counts[1]))))
                    .chain(() -> view(null))
                    .invoke(() -> metrics.ended(p, "cancelled", null, counts[0], counts[1], ttftMs, duration))
                    .subscribe().with(view -> finish(new Step.Done(view)), this::settleFailed);
        }

        private void settleSuccess(Answers.Outcome outcome) {
            int[] counts = counts();
            boolean estimated = usage == null;
            long duration = elapsedMs();
            Instant now = Instant.now();
            String resultJson = outcome.result() == null ? null : outcome.result().toString();
            List<SuggestionView> made = new ArrayList<>();
            settle(c -> interactions.finish(c, p.interactionId(), new InteractionRepository.Ending("completed",
                    modelReturned, p.storeText() ? answer() : null, p.storeText() ? resultJson : null,
                    counts[0], counts[1], estimated, finishReason, null, null, null, ttftMs, (int) duration))
                    .chain(recorded -> {
                        if (!recorded) {
                            return Uni.createFrom().voidItem();
                        }
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (Answers.Proposal proposal : outcome.proposals()) {
                            chain = chain.chain(() -> storeSuggestion(c, proposal).invoke(made::add).replaceWithVoid());
                        }
                        Long ttft = ttftMs == null ? null : ttftMs.longValue();
                        return chain.chain(() -> outbox.append(c, new AiInteractionCompleted(p.interactionId(),
                                p.organizationId(), p.prdId(), p.member().userId(), p.member().subject(),
                                p.action().wire(), p.provider().kind(), p.provider().model(), modelReturned,
                                p.promptVersion(), counts[0], counts[1], estimated, duration, ttft,
                                outcome.proposals().size(), now)))
                                // last: it locks the organization's budget row until the commit
                                .chain(() -> quotas.settle(c, p.organizationId(), p.period(), p.reservedTokens(),
                                        counts[0] + counts[1]));
                    }))
                    .chain(() -> view(outcome.result()))
                    .invoke(() -> metrics.ended(p, "completed", null, counts[0], counts[1], ttftMs, duration))
                    .subscribe().with(view -> {
                        emitter.emit(new Step.Usage(counts[0], counts[1], estimated));
                        made.forEach(s -> emitter.emit(new Step.Suggestion(s)));
                        finish(new Step.Done(view));
                    }, this::settleFailed);
        }

        private Uni<SuggestionView> storeSuggestion(SqlConnection c, Answers.Proposal proposal) {
            UUID id = UUID.randomUUID();
            return suggestions.insert(c, new SuggestionRepository.NewSuggestion(id, p.organizationId(), p.prdId(),
                    p.interactionId(), null, proposal.type(), "llm", proposal.anchor(), proposal.text(),
                    proposal.metadata(), null, p.documentHash(), p.member().subject()))
                    .call(view -> outbox.append(c, new AiSuggestionCreated(id, p.organizationId(), p.prdId(),
                            p.interactionId(), proposal.type(), "llm", p.member().userId(), p.member().subject())));
        }

        private void settleFailure(ProviderException e) {
            int[] counts = failureCounts(e);
            boolean estimated = usage == null && (counts[0] + counts[1]) > 0;
            long duration = elapsedMs();
            Instant now = Instant.now();
            settle(c -> interactions.finish(c, p.interactionId(), new InteractionRepository.Ending("failed",
                    modelReturned, p.storeText() && !answer().isEmpty() ? truncated() : null, null, counts[0],
                    counts[1], estimated, finishReason, e.code(), e.getMessage(), null, ttftMs, (int) duration))
                    .chain(recorded -> !recorded
                            ? Uni.createFrom().voidItem()
                            : outbox.append(c, new AiInteractionFailed(p.interactionId(), p.organizationId(),
                                    p.prdId(), p.member().userId(), p.member().subject(), p.action().wire(),
                                    p.provider().kind(), p.provider().model(), e.code(), e.getMessage(), counts[0],
                                    counts[1], estimated, duration, now))
                                    // last: it locks the organization's budget row until the commit
                                    .chain(() -> quotas.settle(c, p.organizationId(), p.period(),
                                            p.reservedTokens(), counts[0] + counts[1]))))
                    .chain(() -> view(null))
                    .invoke(() -> metrics.ended(p, "failed", e.code(), counts[0], counts[1], ttftMs, duration))
                    .subscribe().with(view -> finish(failed(e, view)), this::settleFailed);
        }

        private <T> Uni<T> settle(java.util.function.Function<SqlConnection, Uni<T>> work) {
            Uni<Void> marked = streamingMarked == null ? Uni.createFrom().voidItem() : streamingMarked;
            return marked.chain(() -> tx.writeWithConnectionAs(p.actor(), p.organizationId(), work))
                    .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3);
        }

        /** The recorded interaction, read after its end committed. */
        private Uni<InteractionView> view(JsonNode result) {
            return interactions.find(pool, p.interactionId()).chain(found -> suggestions.ofInteraction(pool,
                    p.interactionId()).map(list -> {
                        InteractionView v = found.orElseThrow().withSuggestions(list);
                        if (!p.storeText()) {
                            // retention 0: nothing kept, but the caller still gets the answer it waited for
                            v = v.withAnswer(answer(), result);
                        }
                        return v;
                    }));
        }

        /** The end could not be recorded even after retries: the reaper will record it; the caller hears why. */
        private void settleFailed(Throwable failure) {
            LOG.errorf(failure, "Could not record the end of interaction %s", p.interactionId());
            running.unregister(p.interactionId());
            emitter.emit(new Step.Failed(ProblemType.UNAVAILABLE, "The answer could not be recorded; try again", 5L,
                    null));
            emitter.complete();
        }

        private void finish(Step last) {
            running.unregister(p.interactionId());
            emitter.emit(last);
            emitter.complete();
        }

        private Step.Failed failed(ProviderException e, InteractionView view) {
            return Step.Failed.of(e.code(), e.getMessage(), e.retryAfterSeconds(), view);
        }

        private int[] counts() {
            return usage != null
                    ? new int[]{usage.promptTokens(), usage.completionTokens()}
                    : new int[]{p.promptTokensEstimate(), tokens.count(answer())};
        }

        private int[] estimatedCounts() {
            if (usage != null) {
                return counts();
            }
            // the request reached the provider: it read the prompt and billed what it generated until the abort
            return upstream == null
                    ? new int[]{0, 0}
                    : new int[]{p.promptTokensEstimate(), tokens.count(answer())};
        }

        private int[] failureCounts(ProviderException e) {
            if (usage != null) {
                return counts();
            }
            boolean nothingConsumed = switch (e.code()) {
                case ProviderException.UNREACHABLE, ProviderException.AUTH, ProviderException.RATE_LIMITED -> true;
                case ProviderException.PROVIDER_ERROR -> !receivedAny;
                default -> false;
            };
            return nothingConsumed ? new int[]{0, 0} : counts();
        }

        private String truncated() {
            String all = answer();
            return all.length() <= 100_000 ? all : all.substring(0, 100_000);
        }

        private long elapsedMs() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }
    }

}
