package io.prdtool.ai.action;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The generative actions on a PRD (wire names in lowercase with underscores). Each has a prompt template (versioned
 * in {@link Prompts}), an answer bound, and says whether the model must answer JSON and what the answer becomes: a
 * suggestion anchored in the text, or a result returned to the caller (a changelog proposal, a backlog preview).
 * {@link #TEST_CONNECTION} is the provider check of the settings API, recorded like any other call.
 */
public enum Action {

    IMPROVE(Input.SELECTION, false, Output.SUGGESTION, 1024), SHORTEN(Input.SELECTION, false, Output.SUGGESTION,
            1024), EXPAND(Input.SELECTION, false, Output.SUGGESTION, 2048), DRAFT_SECTION(Input.DOCUMENT, false,
                    Output.SUGGESTION, 2048), USER_STORIES(Input.DOCUMENT, true, Output.SUGGESTION,
                            3072), SUCCESS_METRICS(Input.DOCUMENT, true, Output.SUGGESTION, 1536), DIAGRAM(
                                    Input.DOCUMENT, false, Output.SUGGESTION, 1536), CHANGELOG(Input.VERSIONS, false,
                                            Output.RESULT, 1024), BACKLOG(Input.DOCUMENT, true, Output.RESULT,
                                                    4096), CRITIQUE(Input.DOCUMENT, true, Output.SUGGESTIONS,
                                                            3072), TEST_CONNECTION(Input.NONE, false, Output.RESULT, 8);

    /** What the action reads. */
    public enum Input {
        SELECTION, DOCUMENT, VERSIONS, NONE
    }

    /** What the answer becomes. */
    public enum Output {
        SUGGESTION, SUGGESTIONS, RESULT
    }

    private final Input input;
    private final boolean json;
    private final Output output;
    private final int maxTokens;

    Action(Input input, boolean json, Output output, int maxTokens) {
        this.input = input;
        this.json = json;
        this.output = output;
        this.maxTokens = maxTokens;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Input input() {
        return input;
    }

    public boolean json() {
        return json;
    }

    public Output output() {
        return output;
    }

    /** The answer's token bound for this action (never above the deployment's {@code output.max-tokens} * 4). */
    public int maxTokens() {
        return maxTokens;
    }

    /** The actions a user may ask for (not the internal provider check). */
    public static List<Action> userActions() {
        return Arrays.stream(values()).filter(a -> a != TEST_CONNECTION).toList();
    }

    public static Optional<Action> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return userActions().stream().filter(a -> a.wire().equals(name)).findFirst();
    }

    /** Every switchable name: the generative actions and the offline {@code review}. */
    public static List<String> switchableNames() {
        List<String> names = new java.util.ArrayList<>(userActions().stream().map(Action::wire).toList());
        names.add(REVIEW);
        return List.copyOf(names);
    }

    /** The offline rubric review, switchable like an action but needing no provider. */
    public static final String REVIEW = "review";
}
