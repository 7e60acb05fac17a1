package io.prdtool.ai.clients;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * collab-service's server-as-peer API, called on a user's behalf with their own token: the live collaborative text of
 * a PRD, and edits to it that every connected editor receives at once. An edit with {@code expect} is applied only if
 * the text it replaces is still exactly that (checked inside the document's transaction; otherwise 409).
 */
@RegisterRestClient(configKey = "collab-service")
@Path("/api/v1/prds/{prdId}/document")
@Produces(MediaType.APPLICATION_JSON)
public interface CollabServiceClient {

    @GET
    Uni<Document> read(@PathParam("prdId") UUID prdId, @QueryParam("format") String format,
            @HeaderParam("Authorization") String authorization);

    @POST
    @Path("/edits")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<EditResult> edit(@PathParam("prdId") UUID prdId, Edit edit,
            @HeaderParam("Authorization") String authorization);

    @RegisterForReflection
    record Document(UUID prdId, String format, String content, int length) {
    }

    /** {@code type}: insert, replace or replace-all; positions in UTF-16 code units, as Yjs counts. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Edit(String type, Integer index, Integer length, String text, String expect) {
    }

    @RegisterForReflection
    record EditResult(UUID prdId, Long updateId, int length) {
    }
}
