package io.prdtool.ai.action;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestResponse;

import io.prdtool.ai.AiConfig;
import io.prdtool.ai.interaction.InteractionRunner;
import io.prdtool.ai.interaction.InteractionView;
import io.prdtool.ai.interaction.Step;
import io.prdtool.shared.problem.Problem;
import io.prdtool.shared.tx.ActorContext;
import io.prdtool.shared.tx.CurrentActor;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

/**
 * Generative AI actions on a PRD, answered as one JSON response or streamed as server-sent events. Both run the same
 * call and record it the same way; a refusal (400, 403, 404, 409, 413, 429, 503) is an HTTP status with a problem
 * body in both cases, because streaming starts only after the call was admitted.
 */
@Path("/api/v1/prds/{prdId}/ai/actions/{action}")
@Tag(name = "ai-actions", description = "Generative AI help on a PRD: improve, shorten, expand, draft_section, user_stories,"
        + " success_metrics, diagram, changelog, backlog, critique")
@Authenticated
public class ActionResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    ActionService actions;

    @Inject
    InteractionRunner runner;

    @Inject
    CurrentActor actors;

    @Inject
    AiConfig config;

    @Inject
    Vertx vertx;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run an AI action and answer once it is complete (members, admins, owners)", description = "The"
            + " answer is the recorded interaction with the suggestions it made (or its result: changelog, backlog)."
            + " Repeating a request with the same Idempotency-Key returns the first outcome instead of asking again.")
    public Uni<RestResponse<InteractionView>> run(@PathParam("prdId") UUID prdId, @PathParam("action") String action,
            @Valid ActionRequest request,
            @Parameter(description = "Makes a retry safe: a second request with the same key returns the first one's"
                    + " outcome") @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return actors.current().chain(actor -> actions.admit(prdId, action, request, jwt, false, idempotencyKey,
                actor)).chain(admission -> {
                    if (admission instanceof ActionService.Admission.Replay replay) {
                        return Uni.createFrom().item(replayed(replay.interaction()));
                    }
                    return runner.runToEnd(((ActionService.Admission.Run) admission).prepared()).map(last -> {
                        if (last instanceof Step.Failed failed) {
                            throw failed.toException();
                        }
                        return RestResponse.ok(((Step.Done) last).interaction());
                    });
                });
    }

    @POST
    @Path("/stream")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @Blocking
    @Operation(summary = "Run an AI action and stream the answer as server-sent events (members, admins, owners)", description = "Events: started {interactionId}, delta {text}, usage, suggestion, then done (the recorded"
            + " interaction; also after a cancel) or error (a problem body); each has an id, and a ping"
            + " comment keeps the connection open. Closing the connection, or POST"
            + " /api/v1/ai/interactions/{id}/cancel, stops the upstream call. Refusals are plain HTTP"
            + " problem responses, before any event.")
    public Multi<OutboundSseEvent> stream(@PathParam("prdId") UUID prdId, @PathParam("action") String action,
            @Valid ActionRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context Sse sse) {
        // admission runs on this worker thread, so that a refusal is still an HTTP status; the answer then streams
        // without blocking anything
        ActorContext actor = actors.current().await().atMost(Duration.ofSeconds(10));
        ActionService.Admission admission = actions.admit(prdId, action, request, jwt, true, idempotencyKey, actor)
                .await().atMost(Duration.ofSeconds(30));
        AtomicLong sequence = new AtomicLong();
        if (admission instanceof ActionService.Admission.Replay replay) {
            return Multi.createFrom().item(replayEvent(sse, sequence, replay.interaction()));
        }
        Multi<Step> steps = runner.run(((ActionService.Admission.Run) admission).prepared());
        long coalesce = config.stream().coalesce().toMillis();
        return Multi.createFrom().emitter(emitter -> {
            Object lock = new Object();
            StringBuilder pending = new StringBuilder();
            boolean[] state = new boolean[2]; // [0] a delta was sent, [1] a flush is scheduled
            Runnable emitPending = () -> { // callers hold the lock
                if (pending.length() > 0) {
                    emitter.emit(event(sse, sequence, new Step.Delta(pending.toString())));
                    pending.setLength(0);
                }
            };
            Runnable flush = () -> {
                synchronized (lock) {
                    state[1] = false;
                    emitPending.run();
                }
            };
            long heartbeat = vertx.setPeriodic(config.stream().heartbeat().toMillis(),
                    id -> emitter.emit(sse.newEventBuilder().comment("ping").build()));
            Cancellable subscription = steps.subscribe().with(step -> {
                synchronized (lock) {
                    if (step instanceof Step.Delta d && state[0] && coalesce > 0) {
                        // the first token goes out at once; later ones are sent together every few ms, so a fast
                        // model costs fewer writes to the client
                        pending.append(d.text());
                        if (!state[1]) {
                            state[1] = true;
                            vertx.setTimer(coalesce, id -> flush.run());
                        }
                        return;
                    }
                    emitPending.run();
                    state[0] |= step instanceof Step.Delta;
                    emitter.emit(event(sse, sequence, step));
                }
            }, failure -> {
                vertx.cancelTimer(heartbeat);
                emitter.fail(failure);
            }, () -> {
                vertx.cancelTimer(heartbeat);
                flush.run();
                emitter.complete();
            });
            emitter.onTermination(() -> {
                vertx.cancelTimer(heartbeat);
                subscription.cancel(); // a client that went away stops the upstream call
            });
        });
    }

    private static RestResponse<InteractionView> replayed(InteractionView view) {
        if ("failed".equals(view.status())) {
            throw Step.Failed.of(view.errorCode(), view.errorMessage(), null, view).toException();
        }
        return RestResponse.ResponseBuilder.ok(view).header("Idempotent-Replayed", "true").build();
    }

    private static OutboundSseEvent replayEvent(Sse sse, AtomicLong sequence, InteractionView view) {
        if ("failed".equals(view.status())) {
            return event(sse, sequence, Step.Failed.of(view.errorCode(), view.errorMessage(), null, view));
        }
        return event(sse, sequence, new Step.Done(view));
    }

    static OutboundSseEvent event(Sse sse, AtomicLong sequence, Step step) {
        String name;
        Object data;
        if (step instanceof Step.Started s) {
            name = "started";
            data = s;
        } else if (step instanceof Step.Delta d) {
            name = "delta";
            data = Map.of("text", d.text());
        } else if (step instanceof Step.Usage u) {
            name = "usage";
            data = u;
        } else if (step instanceof Step.Suggestion s) {
            name = "suggestion";
            data = s.suggestion();
        } else if (step instanceof Step.Done d) {
            name = "done";
            data = d.interaction();
        } else {
            Step.Failed f = (Step.Failed) step;
            name = "error";
            Problem problem = Problem.of(f.type(), f.detail());
            data = f.interaction() == null
                    ? problem
                    : Map.of("type", problem.type(), "title", problem.title(), "status", problem.status(), "detail",
                            problem.detail(), "interactionId", f.interaction().id());
        }
        return sse.newEventBuilder().name(name).id(Long.toString(sequence.incrementAndGet()))
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }
}
