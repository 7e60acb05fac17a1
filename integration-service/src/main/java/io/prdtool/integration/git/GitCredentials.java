package io.prdtool.integration.git;

/**
 * How to authenticate to a git remote. Each variant's {@code toString} hides the secret, so a credential that ends up
 * in a log line or an exception message shows nothing usable.
 */
public sealed interface GitCredentials {

    /** The user name GitHub expects with an installation or fine-grained token. */
    String GITHUB_USER = "x-access-token";
    /** The user name GitLab expects with a project, group or OAuth token. */
    String GITLAB_USER = "oauth2";
    /** The user name Bitbucket Cloud expects with a repository or workspace access token. */
    String BITBUCKET_USER = "x-token-auth";

    /** An HTTPS token sent as basic-auth password with {@code username} (null: {@value #GITHUB_USER}). */
    record Token(String username, String token) implements GitCredentials {

        public Token {
            username = username == null || username.isBlank() ? GITHUB_USER : username;
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException("token is empty");
            }
        }

        @Override
        public String toString() {
            return "Token[username=" + username + ", token=***]";
        }
    }

    /**
     * An SSH private key in OpenSSH or PEM form (Ed25519, ECDSA or RSA) as text, never a file; {@code passphrase} may
     * be null for an unencrypted key.
     */
    record SshKey(String privateKey, String passphrase) implements GitCredentials {

        public SshKey {
            if (privateKey == null || privateKey.isBlank()) {
                throw new IllegalArgumentException("private key is empty");
            }
        }

        @Override
        public String toString() {
            return "SshKey[***]";
        }
    }

    /** No credentials: a public repository, or a test remote. */
    record None() implements GitCredentials {
    }

    static GitCredentials token(String username, String token) {
        return new Token(username, token);
    }

    static GitCredentials sshKey(String privateKey, String passphrase) {
        return new SshKey(privateKey, passphrase);
    }

    static GitCredentials none() {
        return new None();
    }
}
