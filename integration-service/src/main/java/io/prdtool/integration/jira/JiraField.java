package io.prdtool.integration.jira;

/** A field of an issue type's create screen: whether it is required and whether Jira fills it when left out. */
public record JiraField(String fieldId, String name, boolean required, boolean hasDefaultValue) {

    /** Required and without a default: a create without it fails (e.g. "Epic Name" on old company-managed projects). */
    public boolean mustBeSet() {
        return required && !hasDefaultValue;
    }
}
