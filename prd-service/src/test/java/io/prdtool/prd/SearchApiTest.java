package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Relevance on a small but realistic corpus of PRDs: ranking, web-search syntax, snippets, filters, paging, tenancy,
 * bad input. Runs against the default engine (lucene, once its index serves searches); {@link PostgresSearchApiTest}
 * runs the same tests against the postgres engine.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchApiTest {

    /** The engine these tests must be answered by. */
    String engine() {
        return "lucene";
    }

    static String servingFrom() {
        return io.restassured.RestAssured.get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'search' }.data.servingFrom");
    }

    Api.Tenant t;
    UUID growth;
    UUID billing;
    UUID template;
    Map<String, UUID> ids = new java.util.HashMap<>();

    // built once, on first use: the HTTP port is only known once the Quarkus test extension ran
    @BeforeEach
    void corpus() {
        if (t != null) {
            return;
        }
        // the lucene index bootstraps at start; until it has caught up, search falls back to postgres
        await().atMost(Duration.ofSeconds(60)).until(() -> engine().equals(servingFrom()));
        t = Api.tenant();
        growth = t.project("Growth");
        billing = t.project("Billing");
        template = TemplateApiTest.template(t, "Search template", false);
        add(growth, t.member(), "Onboarding checklist", """
                # Onboarding checklist

                ## Problem
                New workspace admins abandon setup: 38% never invite a teammate in week one.

                ## Goals
                Guide admins through inviting teammates, connecting Slack and creating a first PRD.
                """);
        add(growth, t.admin(), "Referral program", """
                # Referral program

                ## Problem
                Word of mouth drives signups but we reward nobody for it. During onboarding we could
                mention referrals once, but the main surface is the billing page.
                """);
        add(growth, t.member(), "Dark mode", """
                # Dark mode

                ## Problem
                Users working at night ask for a dark mode across the editor and dashboards.
                Contrast must stay accessible (WCAG AA).
                """);
        add(growth, t.member(), "Mode switcher", """
                # Mode switcher

                ## Problem
                The editor has a dark header and a light body; switching between edit mode and view mode
                is confusing. <script>alert('x')</script> must never run in previews of the view mode.
                """);
        add(billing, t.admin(), "Invoice export", """
                # Invoice export

                ## Problem
                Finance teams download invoices one by one. Export all invoices of a period as CSV or PDF,
                with VAT numbers, so that accounting can reconcile payments.
                """);
        add(billing, t.member(), "Refund flow", """
                # Refund flow

                ## Problem
                Refunds of card payments are manual tickets today. Support should issue a refund in two
                clicks, and the customer gets an email.
                """);
        add(billing, t.member(), "Single sign-on", """
                # Single sign-on

                ## Problem
                Enterprise customers require SAML single sign-on and SCIM provisioning before they buy.
                """);
        // noise in another tenant with the same words: must never show up
        UUID foreignProject = UUID.fromString(t.outsider().as().body(Map.of("name", "Foreign"))
                .post("/api/v1/orgs/" + t.outsiderOrgId() + "/projects").then().statusCode(201).extract()
                .path("id"));
        t.outsider().as().body(Map.of("title", "Onboarding for aliens", "content", "onboarding onboarding"))
                .post("/api/v1/projects/" + foreignProject + "/prds").then().statusCode(201);
    }

    private void add(UUID project, Api.User author, String title, String content) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("title", title, "content", content));
        if (title.equals("Single sign-on")) {
            body.put("templateId", template.toString());
        }
        ids.put(title, UUID.fromString(author.as().body(body).post("/api/v1/projects/" + project + "/prds").then()
                .statusCode(201).extract().path("id")));
    }

    private io.restassured.response.ValidatableResponse search(Map<String, ?> params) {
        return t.viewer().as().queryParams(params).get("/api/v1/orgs/" + t.orgId() + "/search").then();
    }

    private List<String> titles(Map<String, ?> params) {
        return search(params).statusCode(200).extract().path("items.title");
    }

    @Test
    void ranksTitleMatchesAboveContentMatches() {
        assertThat(titles(Map.of("q", "onboarding"))).containsExactly("Onboarding checklist", "Referral program");
        assertThat(titles(Map.of("q", "refund"))).first().isEqualTo("Refund flow");
    }

    @Test
    void supportsPhrasesExclusionOrAndStemming() {
        assertThat(titles(Map.of("q", "\"dark mode\""))).containsExactly("Dark mode");
        assertThat(titles(Map.of("q", "dark mode"))).containsExactlyInAnyOrder("Dark mode", "Mode switcher");
        assertThat(titles(Map.of("q", "payments -refund"))).containsExactly("Invoice export");
        assertThat(titles(Map.of("q", "saml or csv"))).containsExactlyInAnyOrder("Single sign-on",
                "Invoice export");
        // English stemming: other forms of a word find it
        assertThat(titles(Map.of("q", "reconciled"))).containsExactly("Invoice export");
        assertThat(titles(Map.of("q", "invoicing"))).containsExactly("Invoice export");
    }

    @Test
    void highlightsMatchesInEscapedSnippets() {
        search(Map.of("q", "\"view mode\"")).statusCode(200)
                .body("items[0].snippet", containsString("<mark>view</mark> <mark>mode</mark>"))
                // markup in content never reaches the snippet raw: tags are dropped, the rest is escaped
                .body("items[0].snippet", not(containsString("<script")))
                .body("items[0].snippet", containsString("&#39;x&#39;"))
                .body("items[0].titleHighlight", equalTo("<mark>Mode</mark> switcher"));
        String snippet = search(Map.of("q", "invoices")).extract().path("items[0].snippet");
        assertThat(snippet).contains("<mark>invoices</mark>").doesNotContain("<script>");
    }

    @Test
    void textCannotOpenOrCloseAMark() {
        // engines mark matches with characters (postgres U+0002/U+0003, opensearch U+E000/U+E001) before escaping:
        // those characters in a PRD must not become tags
        add(growth, t.member(), "Zanzibar \u0002launch\u0003",
                "Zanzibar \u0003 rollout \u0002 plan \ue001 now \ue000.");
        var hit = search(Map.of("q", "zanzibar")).statusCode(200).body("items", hasSize(1)).extract();
        assertThat(hit.<String>path("items[0].titleHighlight")).isEqualTo("<mark>Zanzibar</mark> launch");
        String snippet = hit.path("items[0].snippet");
        assertThat(snippet).contains("<mark>Zanzibar</mark>").doesNotContain("\u0002").doesNotContain("\u0003");
        assertThat(snippet.split("<mark>", -1)).hasSize(snippet.split("</mark>", -1).length);
        assertThat(snippet.replace("<mark>Zanzibar</mark>", "")).doesNotContain("mark>");
    }

    @Test
    void filtersByProjectStatusTemplateAuthorAndUpdateTime() {
        assertThat(titles(Map.of("q", "problem", "projectId", billing))).containsExactlyInAnyOrder(
                "Invoice export", "Refund flow", "Single sign-on");
        assertThat(titles(Map.of("q", "problem", "templateId", template))).containsExactly("Single sign-on");
        assertThat(titles(Map.of("q", "problem", "authorId", t.admin().id()))).containsExactlyInAnyOrder(
                "Referral program", "Invoice export");
        t.member().as().body(Map.of("status", "in_review")).post("/api/v1/prds/" + ids.get("Dark mode") + "/status")
                .then().statusCode(200);
        assertThat(titles(Map.of("q", "problem", "status", "in_review"))).containsExactly("Dark mode");
        assertThat(titles(Map.of("q", "problem", "updatedFrom", Instant.now().plusSeconds(3600).toString())))
                .isEmpty();
        assertThat(titles(Map.of("q", "problem", "updatedTo", Instant.now().minusSeconds(3600).toString())))
                .isEmpty();
        search(Map.of("q", "problem", "status", "finished")).statusCode(400);
        search(Map.of("q", "problem", "updatedFrom", "yesterday")).statusCode(400);
    }

    @Test
    void paginatesWithCappedPageSize() {
        search(Map.of("q", "problem", "limit", 2)).statusCode(200).body("items", hasSize(2))
                .body("nextOffset", equalTo(2));
        List<String> all = titles(Map.of("q", "problem", "limit", 50));
        List<String> page2 = titles(Map.of("q", "problem", "limit", 2, "offset", 2));
        assertThat(page2).containsExactlyElementsOf(all.subList(2, 4));
        search(Map.of("q", "problem", "limit", 51)).statusCode(400);
        search(Map.of("q", "problem", "offset", -1)).statusCode(400);
    }

    @Test
    void answersBlankOrStopwordOnlyQueriesClearly() {
        search(Map.of("q", "  ")).statusCode(400);
        search(Map.of()).statusCode(400);
        search(Map.of("q", "the and of")).statusCode(200).body("items", empty());
        search(Map.of("q", "\"unbalanced -- or (")).statusCode(200);
    }

    @Test
    void pagesWithACursorWithoutGapsOrDuplicates() {
        List<String> all = titles(Map.of("q", "problem", "limit", 50));
        assertThat(byCursor(Map.of("q", "problem", "limit", 2))).containsExactlyElementsOf(all);
        search(Map.of("q", "problem", "cursor", "bm90IGEgY3Vyc29y")).statusCode(400)
                .contentType("application/problem+json");
        search(Map.of("q", "problem", "cursor", "%%%")).statusCode(400);
    }

    @Test
    void pagesThroughTheProximityReRankingWindowWithoutGapsOrDuplicates() {
        // two ANDed words: the lucene engine re-ranks its best hits (3 in the tests) with the proximity boost, and
        // the hits below that window follow in BM25 order; offset and cursor pages must both cross that border
        Map<String, Object> q = Map.of("q", "problem problem");
        List<String> all = titles(with(q, "limit", 50));
        assertThat(all).hasSize(7).doesNotHaveDuplicates();
        for (int limit : List.of(1, 2, 4)) {
            List<String> byOffset = new ArrayList<>();
            for (int offset = 0; offset < all.size(); offset += limit) {
                byOffset.addAll(titles(with(with(q, "limit", limit), "offset", offset)));
            }
            assertThat(byOffset).as("offset pages of %d", limit).containsExactlyElementsOf(all);
            assertThat(byCursor(with(q, "limit", limit))).as("cursor pages of %d", limit)
                    .containsExactlyElementsOf(all);
        }
    }

    /** Every title of a search, following nextCursor page after page. */
    private List<String> byCursor(Map<String, ?> first) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> params = new HashMap<>(first);
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            var page = search(params).statusCode(200).extract();
            seen.addAll(page.path("items.title"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return seen;
    }

    private static Map<String, Object> with(Map<String, ?> params, String name, Object value) {
        Map<String, Object> copy = new HashMap<>(params);
        copy.put(name, value);
        return copy;
    }

    @Test
    void answersOperatorOnlyOrMalformedQueriesAndMistypedFiltersWithoutErrors() {
        for (String q : List.of("or", "-", "\"\"", "- or -", "\"", "or or", "-\"\"", "((", "!!!", "\"the\"")) {
            search(Map.of("q", q)).statusCode(200).body("items", empty());
        }
        search(Map.of("q", "x".repeat(io.prdtool.prd.search.SearchService.MAX_QUERY + 1))).statusCode(400)
                .contentType("application/problem+json");
        for (String filter : List.of("projectId", "templateId", "authorId")) {
            search(Map.of("q", "problem", filter, "not-a-uuid")).statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString(filter));
        }
        search(Map.of("q", "problem", "updatedTo", 12)).statusCode(400);
    }

    @Test
    void forgetsDeletedPrdsAndRemovedMembersAtOnce() {
        UUID id = t.prd(growth, "Quokka launch", "The quokka launch plan.");
        assertThat(titles(Map.of("q", "quokka"))).containsExactly("Quokka launch");
        t.owner().as().delete("/api/v1/prds/" + id).then().statusCode(204);
        assertThat(titles(Map.of("q", "quokka"))).isEmpty();

        Api.User leaving = Api.user("leaving");
        Api.addMember(t.owner(), t.orgId(), leaving, "viewer");
        leaving.as().queryParam("q", "refund").get("/api/v1/orgs/" + t.orgId() + "/search").then().statusCode(200)
                .body("items", not(empty()));
        t.owner().as().delete("/api/v1/orgs/" + t.orgId() + "/members/" + leaving.id()).then().statusCode(204);
        leaving.as().queryParam("q", "refund").get("/api/v1/orgs/" + t.orgId() + "/search").then().statusCode(404);
    }

    @Test
    void staysInsideTheOrganization() {
        // the other organization's PRD matches "aliens" and "onboarding": no hit, no page, no snippet of it
        search(Map.of("q", "aliens")).statusCode(200).body("items", empty()).body("nextOffset", nullValue())
                .body("nextCursor", nullValue());
        assertThat(search(Map.of("q", "onboarding or aliens", "limit", 50)).statusCode(200).extract()
                .<List<String>>path("items.snippet").toString()).doesNotContain("aliens");
        t.outsider().as().queryParam("q", "aliens").get("/api/v1/orgs/" + t.outsiderOrgId() + "/search").then()
                .statusCode(200).body("items.title", equalTo(List.of("Onboarding for aliens")));
        t.outsider().as().queryParam("q", "onboarding").get("/api/v1/orgs/" + t.orgId() + "/search").then()
                .statusCode(404);
        Api.anonymous().queryParam("q", "onboarding").get("/api/v1/orgs/" + t.orgId() + "/search").then()
                .statusCode(401);
    }

    @Test
    void answersNonMembersAndDeactivatedOrganizationsWith404WhateverTheQuery() {
        // the membership check runs next to the engine's own preparation: a query that searches nothing, only
        // exclusions, or words with no match must still answer a non-member 404, never an empty page
        for (String q : List.of("the", "-refund", "refund", "nothingmatchesthis")) {
            t.outsider().as().queryParam("q", q).get("/api/v1/orgs/" + t.orgId() + "/search").then()
                    .statusCode(404).body("status", equalTo(404));
        }
        Api.Tenant closing = Api.tenant();
        closing.prd(closing.project("Closing"), "Wombat survey", "The wombat survey results.");
        closing.viewer().as().queryParam("q", "wombat").get("/api/v1/orgs/" + closing.orgId() + "/search").then()
                .statusCode(200).body("items.title", equalTo(List.of("Wombat survey")));
        Api.exec("UPDATE organizations SET is_active = false WHERE id = '" + closing.orgId() + "'");
        closing.viewer().as().queryParam("q", "wombat").get("/api/v1/orgs/" + closing.orgId() + "/search").then()
                .statusCode(404);
    }

    @Test
    void reflectsContentEditsImmediately() {
        UUID id = ids.get("Refund flow");
        t.member().as().body(Map.of("content", "# Refund flow\n\nChargebacks via the zeppelin gateway.\n"))
                .patch("/api/v1/prds/" + id).then().statusCode(200);
        assertThat(titles(Map.of("q", "zeppelin"))).containsExactly("Refund flow");
    }
}
