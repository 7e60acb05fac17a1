package io.prdtool.integration.delivery;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Names the target actions ({@code git.commit}, {@code jira.sync}, {@code confluence.publish}, {@code craft.publish})
 * and stands in for any of them whose adapter is not installed in a build: their deliveries are recorded, so nothing
 * is lost, and fail terminally with "adapter not installed" (a visible, replayable state). A real {@link Deliverer} for
 * the same action takes precedence (all four have one: GitDeliverer, JiraDeliverer, ConfluenceDeliverer,
 * CraftDeliverer).
 */
@ApplicationScoped
public class PendingAdapter implements Deliverer {

    public static final String GIT_COMMIT = "git.commit";
    public static final String JIRA_SYNC = "jira.sync";
    public static final String CONFLUENCE_PUBLISH = "confluence.publish";
    public static final String CRAFT_PUBLISH = "craft.publish";

    @Override
    public Set<String> actions() {
        return Set.of(GIT_COMMIT, JIRA_SYNC, CONFLUENCE_PUBLISH, CRAFT_PUBLISH);
    }

    @Override
    public Uni<Delivered> deliver(DeliveryContext ctx) {
        return Uni.createFrom().failure(DeliveryException.terminal("adapter not installed for " + ctx.action()));
    }

    @Override
    public String mappingType(String action) {
        return switch (action) {
            case GIT_COMMIT -> "commit";
            case JIRA_SYNC -> "epic";
            case CONFLUENCE_PUBLISH, CRAFT_PUBLISH -> "page";
            default -> null;
        };
    }

    @Override
    public boolean placeholder() {
        return true;
    }
}
