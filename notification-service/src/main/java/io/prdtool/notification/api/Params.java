package io.prdtool.notification.api;

import java.util.UUID;

import io.prdtool.shared.problem.ProblemException;

/** Query parameters checked by hand, so that a malformed value is a 400 problem naming it. */
public final class Params {

    private Params() {
    }

    public static UUID uuid(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(name + " must be a UUID");
        }
    }
}
