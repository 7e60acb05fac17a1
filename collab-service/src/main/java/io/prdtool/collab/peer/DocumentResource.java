package io.prdtool.collab.peer;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.collab.access.AccessGuard;
import io.prdtool.collab.config.CollabConfig;
import io.prdtool.collab.crdt.YDoc;
import io.prdtool.collab.crdt.YText;
import io.prdtool.collab.sync.Documents;
import io.prdtool.shared.auth.Caller;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The server as a Yjs peer: read the live document (text, Markdown or Yjs delta) and edit it. An edit is a Yjs
 * transaction on the same in-memory document the WebSocket clients share, stored in the operation log and broadcast
 * exactly like a client's update.
 */
@Path("/api/v1/prds/{prdId}/document")
@Tag(name = "document", description = "The collaborative document of a PRD, read and edited by the server as a peer")
@Authenticated
public class DocumentResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    AccessGuard guard;

    @Inject
    Documents documents;

    @Inject
    CollabConfig config;

    public record DocumentView(UUID prdId, String format, String content, List<Map<String, Object>> delta,
            int length) {
    }

    public record EditResult(UUID prdId, Long updateId, int length) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The current document as plain text, Markdown or a Yjs delta (any member)")
    public Uni<DocumentView> read(@PathParam("prdId") UUID prdId,
            @QueryParam("format") @DefaultValue("text") String format) {
        if (!List.of("text", "markdown", "delta").contains(format)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "format must be text, markdown or delta");
        }
        return guard.read(prdId, jwt).chain(grant -> documents.read(prdId, jwt.getRawToken(),
                doc -> view(prdId, doc, format)));
    }

    @POST
    @Path("/edits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Apply an edit as a server-side peer (members, admins, owners); connected clients receive it")
    @APIResponse(responseCode = "200", description = "Applied and broadcast (updateId is null when nothing changed)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EditResult.class)))
    @APIResponse(responseCode = "409", description = "expect did not match the current text; nothing was written")
    public Uni<EditResult> edit(@PathParam("prdId") UUID prdId, @Valid @NotNull EditRequest request) {
        if (!List.of("insert", "replace", "replace-all").contains(request.type())) {
            throw new ProblemException(ProblemType.VALIDATION, "type must be insert, replace or replace-all");
        }
        if (request.expect() != null) {
            if (request.type().equals("insert")) {
                throw new ProblemException(ProblemType.VALIDATION, "expect applies to replace and replace-all");
            }
            int length = request.length() == null ? 0 : request.length();
            if (request.type().equals("replace") && request.expect().length() != length) {
                throw new ProblemException(ProblemType.VALIDATION, "expect must be as long as length (" + length
                        + " code units); it has " + request.expect().length());
            }
        }
        String subject = Caller.of(jwt).subject();
        return guard.write(prdId, jwt).chain(grant -> {
            int[] length = new int[1];
            return documents.editAsPeer(prdId, subject, jwt.getRawToken(), doc -> {
                YText text = doc.getText(config.textName());
                apply(text, request);
                length[0] = text.length();
            }).map(updateId -> new EditResult(prdId, updateId, length[0]));
        });
    }

    /**
     * Checks the request against the current text, then edits; throws before changing anything. Runs in the
     * document's queue, so what {@code expect} was compared with is what the edit changes.
     */
    private static void apply(YText text, EditRequest request) {
        int current = text.length();
        switch (request.type()) {
            case "replace-all" -> {
                if (request.expect() != null && !request.expect().equals(DocumentText.indexed(text))) {
                    throw ProblemException.conflict("the text is not the expected text; read the document again");
                }
                if (current > 0) {
                    text.delete(0, current);
                }
                if (!request.text().isEmpty()) {
                    text.insert(0, request.text());
                }
            }
            case "insert" -> {
                int index = position(request.index(), current);
                if (request.text().isEmpty()) {
                    throw new ProblemException(ProblemType.VALIDATION, "insert needs a non-empty text");
                }
                text.insert(index, request.text());
            }
            default -> {
                int len = request.length() == null ? 0 : request.length();
                if (request.expect() != null) {
                    expectAt(text, required(request.index()), len, request.expect());
                }
                int index = position(request.index(), current);
                if ((long) index + len > current) {
                    throw new ProblemException(ProblemType.UNPROCESSABLE,
                            "range " + index + ".." + ((long) index + len) + " is outside the text (length " + current
                                    + ")");
                }
                if (len > 0) {
                    text.delete(index, len);
                }
                if (!request.text().isEmpty()) {
                    text.insert(index, request.text());
                }
            }
        }
    }

    /**
     * Refuses with 409 unless the text at [index, index+len) is {@code expect}. A range that no longer exists is a
     * mismatch too: the caller's read is out of date, whatever the reason.
     */
    private static void expectAt(YText text, int index, int len, String expect) {
        if (!DocumentText.indexed(text).regionMatches(index, expect, 0, len)) {
            throw ProblemException.conflict("the text at " + index + ".." + ((long) index + len)
                    + " is not the expected text; read the document again");
        }
    }

    private static int required(Integer index) {
        if (index == null) {
            throw new ProblemException(ProblemType.VALIDATION, "index is required");
        }
        return index;
    }

    private static int position(Integer index, int current) {
        required(index);
        if (index > current) {
            throw new ProblemException(ProblemType.UNPROCESSABLE,
                    "index " + index + " is beyond the end of the text (length " + current + ")");
        }
        return index;
    }

    private DocumentView view(UUID prdId, YDoc doc, String format) {
        String name = config.textName();
        return switch (format) {
            case "markdown" -> new DocumentView(prdId, format, DocumentText.markdown(doc, name), null,
                    DocumentText.plain(doc, name).length());
            case "delta" -> new DocumentView(prdId, format, null, DocumentText.delta(doc, name),
                    DocumentText.plain(doc, name).length());
            default -> {
                String plain = DocumentText.plain(doc, name);
                yield new DocumentView(prdId, format, plain, null, plain.length());
            }
        };
    }
}
