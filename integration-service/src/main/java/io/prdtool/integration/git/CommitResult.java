package io.prdtool.integration.git;

/**
 * What a publish left on the remote.
 *
 * @param commitHash the commit that carries the version: the new one, the earlier one that already did, or the
 *        unchanged tip
 * @param branch the branch it is on
 * @param outcome whether a commit was made
 * @param attempts fetch-build-push rounds it took (more than 1 when someone else pushed in between)
 */
public record CommitResult(String commitHash, String branch, Outcome outcome, int attempts) {

    public enum Outcome {
        /** A new commit was pushed. */
        CREATED,
        /** The branch history already has a commit for this PRD id and version: its hash, nothing pushed. */
        EXISTING,
        /** The file on the branch is already byte-identical: the tip's hash, nothing pushed. */
        UNCHANGED
    }
}
