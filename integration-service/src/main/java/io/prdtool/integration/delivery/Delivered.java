package io.prdtool.integration.delivery;

/**
 * A successful attempt: the target's HTTP status (null when not HTTP, e.g. git), and what the target calls the thing
 * delivered ({@code externalId}: a Slack message ts, a Jira key, a commit hash; {@code externalUrl}: where to see it),
 * both optional. With a {@link Deliverer#mappingType(String) mapping type}, they update the PRD's mapping.
 */
public record Delivered(Integer status, String externalId, String externalUrl, String version, String contentHash) {

    public static Delivered status(int status) {
        return new Delivered(status, null, null, null, null);
    }

    public static Delivered external(Integer status, String externalId, String externalUrl) {
        return new Delivered(status, externalId, externalUrl, null, null);
    }
}
