package io.prdtool.integration.confluence;

/** A page: id, space, parent (null at the space's root), title and current version number. */
public record ConfluencePage(String id, String spaceId, String parentId, String title, int version) {
}
