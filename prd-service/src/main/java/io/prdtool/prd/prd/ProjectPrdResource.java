package io.prdtool.prd.prd;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.prdtool.prd.common.Page;
import io.prdtool.prd.common.Responses;
import io.prdtool.prd.user.CurrentUser;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

@Path("/api/v1/projects/{projectId}/prds")
@Tag(name = "prds", description = "PRDs: Markdown content, metadata, status workflow and approvals")
@Authenticated
public class ProjectPrdResource {

    private final CurrentUser current;
    private final PrdService prds;
    private final Vertx vertx;

    public ProjectPrdResource(CurrentUser current, PrdService prds, Vertx vertx) {
        this.current = current;
        this.prds = prds;
        this.vertx = vertx;
    }

    @POST
    @Operation(summary = "Create a PRD (owner, admin, member); from a template's skeleton when no content is given", description = "Records version 1.0.0. Without templateId the organization's default template is used, if any.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "Slug taken, or the project is archived")
    public Uni<RestResponse<PrdApi.PrdView>> create(@PathParam("projectId") UUID projectId,
            @Valid @NotNull PrdApi.CreatePrd request) {
        return current.id().chain(uid -> prds.create(uid, projectId, request))
                .map(p -> Responses.created("/api/v1/prds/" + p.id(), p));
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import a Markdown document as a new PRD (owner, admin, member)", description = IMPORT_RULES)
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Not UTF-8, a NUL character, too long, bad front matter (the"
            + " problem's errors name the key), no title")
    @APIResponse(responseCode = "409", description = "Slug taken, or the project is archived")
    public Uni<RestResponse<PrdApi.PrdView>> importJson(@PathParam("projectId") UUID projectId,
            @Valid @NotNull PrdApi.ImportPrd request) {
        MarkdownImport.Document document = MarkdownImport.parse(request.markdown(), "markdown");
        return importing(projectId, document, new PrdService.ImportOverrides(request.title(), request.slug(),
                request.templateId(), request.metadata(), request.approverIds(), null));
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Import an uploaded Markdown file as a new PRD (owner, admin, member)", description = "Parts:"
            + " file (required; text/markdown, text/plain or application/octet-stream, UTF-8), and optionally title,"
            + " slug and templateId, which override the front matter. " + IMPORT_RULES)
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "415", description = "The file part is not text")
    @NonBlocking
    public Uni<RestResponse<PrdApi.PrdView>> importFile(@PathParam("projectId") UUID projectId,
            @RestForm("file") FileUpload file, @RestForm("title") String title, @RestForm("slug") String slug,
            @RestForm("templateId") String templateId) {
        if (file == null) {
            throw new MarkdownImport.Refused("file", "is required: upload the Markdown as the form part 'file'");
        }
        requireText(file.contentType());
        MarkdownImport.requireNoNul("title", title);
        MarkdownImport.requireNoNul("slug", slug);
        MarkdownImport.requireNoNul("file.filename", file.fileName());
        PrdService.ImportOverrides overrides = new PrdService.ImportOverrides(blankToNull(title), blankToNull(slug),
                MarkdownImport.uuid("templateId", blankToNull(templateId)), null, null, file.fileName());
        // the upload waits in a temporary file: read without blocking the event loop
        return vertx.fileSystem().readFile(file.uploadedFile().toString())
                .map(buffer -> MarkdownImport.parse(MarkdownImport.decode(buffer.getBytes(), "file"), "file"))
                .chain(document -> importing(projectId, document, overrides));
    }

    @POST
    @Path("/import")
    @Consumes({"text/markdown", "text/x-markdown", MediaType.TEXT_PLAIN})
    @Operation(summary = "Import a Markdown request body as a new PRD (owner, admin, member)", description = "The body"
            + " is the document, UTF-8. " + IMPORT_RULES)
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "415", description = "A charset other than UTF-8")
    public Uni<RestResponse<PrdApi.PrdView>> importText(@PathParam("projectId") UUID projectId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
        String charset = contentType == null ? null : contentType.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the Markdown as UTF-8 (charset="
                    + charset + " is not accepted)");
        }
        MarkdownImport.Document document = MarkdownImport.parse(MarkdownImport.decode(body, "body"), "body");
        return importing(projectId, document, new PrdService.ImportOverrides(null, null, null, null, null, null));
    }

    static final String IMPORT_RULES = "Front matter (YAML 1.2 between '---' lines) maps title, slug, status (draft"
            + " only: a new PRD starts as draft), template_id, metadata and approver_ids; the keys the version export"
            + " writes (prd_id, version, created_at, commit, exported_at) are ignored; any other key is a 400 naming"
            + " it. The title is, in order: the title field, the front matter's, the first '# ' heading, the file"
            + " name. The Markdown after the front matter (at most 1,000,000 characters) becomes the content;"
            + " version 1.0.0 is recorded and PrdCreated published as for any new PRD.";

    private Uni<RestResponse<PrdApi.PrdView>> importing(UUID projectId, MarkdownImport.Document document,
            PrdService.ImportOverrides overrides) {
        return current.id().chain(uid -> prds.importMarkdown(uid, projectId, document, overrides))
                .map(p -> Responses.created("/api/v1/prds/" + p.id(), p));
    }

    private static void requireText(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? MediaType.APPLICATION_OCTET_STREAM_TYPE : MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The file's content type is unreadable");
        }
        if (!type.getType().equals("text") && !type.isCompatible(MediaType.APPLICATION_OCTET_STREAM_TYPE)) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The file must be Markdown text"
                    + " (text/markdown), not " + type.getType() + "/" + type.getSubtype());
        }
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the Markdown as UTF-8 (charset="
                    + charset + " is not accepted)");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @GET
    @Operation(summary = "List a project's PRDs without content, most recently updated first (any member)")
    public Uni<Page<PrdApi.PrdListItem>> list(@PathParam("projectId") UUID projectId,
            @Parameter(description = "draft, in_review, approved, published or archived") @QueryParam("status") String status,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return current.id().chain(uid -> prds.list(uid, projectId, status, offset, limit));
    }
}
