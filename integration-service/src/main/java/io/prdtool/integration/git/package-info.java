/**
 * The git target: each PRD version becomes one commit of {@code <prefix><slug>.md} on a branch of the organization's
 * repository.
 * <h2>What a publish does</h2>
 * <ol>
 * <li><b>Vet the remote.</b> Only {@code https://} and ssh ({@code ssh://} or {@code git@host:path}) remotes are
 * accepted; {@code http://}, {@code git://} and local repositories ({@code file:} URLs, plain paths, which would read
 * repositories on the server) are refused unless a test-only flag allows them. An https URL must not carry
 * credentials. Before every network operation the host is resolved through {@code OutboundUrlGuard} and refused if
 * any address is private, loopback or link-local ({@code prdtool.integration.git.allow-private-hosts} lifts that for
 * single-tenant installs). JGit resolves the name again when it connects, so production should also have an egress
 * policy (DNS rebinding).</li>
 * <li><b>Fetch the branch</b> (default {@code main}) into a cached <b>bare</b> clone, one per remote URL, under
 * {@code prdtool.integration.git.cache-dir} (default {@code <java.io.tmpdir>/prdtool-git-cache}/&lt;hash of the
 * URL&gt;.git). The cache has {@code http.followRedirects=false}. A branch that does not exist yet, including in an
 * empty repository, is created by the first commit. A damaged cache is deleted and rebuilt on the next attempt.</li>
 * <li><b>Already there?</b> If one of the last {@code history-depth} (500) commits of the branch has the trailers
 * {@code PRD-Id: <id>} and {@code PRD-Version: <version>}, that commit's hash is returned ({@code EXISTING}) and
 * nothing is pushed. If the file on the branch is already byte-identical, the tip is returned ({@code UNCHANGED}).</li>
 * <li><b>Build the commit without a work tree:</b> the tip's tree with only the PRD file replaced (every other file
 * stays as it is), authored and committed by the bot identity ({@code author-name}, {@code author-email}) at the
 * version's creation time. The file is YAML front matter ({@code prd_id}, {@code title}, {@code version},
 * {@code status} if known, {@code content_sha256} of the Markdown) followed by the Markdown with LF line ends: no
 * timestamps, so the same version always gives the same blob, and the same commit on the same parent. The message is
 * {@code <title> v<version>}, the changelog, then the trailers {@code PRD-Id}, {@code PRD-Version} and
 * {@code Content-SHA256}.</li>
 * <li><b>Push expecting the old tip</b> (or expecting no branch). If someone else pushed in between
 * (non-fast-forward, remote changed, or the server lost a ref-lock race) the publish fetches again and rebuilds on
 * the new tip, up to {@code max-attempts} (5) rounds; then it fails as retryable. Any other refusal (a protected
 * branch, a hook) fails as terminal with the server's message.</li>
 * </ol>
 * Publishes to the same remote URL run one at a time in this JVM (waiting at most {@code lock-timeout}); across
 * instances the expected-old-tip push and the trailer check keep the result correct: exactly one commit per version.
 * <h2>Authentication</h2> HTTPS: a token as basic-auth password with the host's user name ({@code x-access-token}
 * GitHub, {@code oauth2} GitLab, {@code x-token-auth} Bitbucket). SSH: a private key given as text (Ed25519, ECDSA or
 * RSA, optionally with a passphrase) and the server's host key pinned by one known_hosts line stored with the target;
 * nothing under {@code ~/.ssh} is read or written, no agent, no ssh config, and any other host key fails the publish
 * as {@code AUTH}. Credentials never appear in logs or messages: URLs lose their user info and the publish's own
 * secrets are masked in every message, including those of the attached (copied) cause chain.
 * <h2>Failures</h2> Always {@link io.prdtool.integration.delivery.DeliveryException}: {@code RETRYABLE} for connect
 * errors, timeouts, 5xx/429 answers, a lost race after all attempts and a busy lock; {@code AUTH} for refused
 * credentials, an unreadable key or a host key mismatch; {@code GONE} for a repository that does not exist (or that
 * the credentials cannot see); {@code TERMINAL} for a refused URL or host, invalid input (slug, version, branch,
 * folder) and a push the server rejected for another reason.
 * <h2>Threads</h2> JGit blocks. {@link io.prdtool.integration.git.GitPublisher#publish} runs it on a dedicated Vert.x
 * worker pool of {@code worker-threads} (2) threads and delivers the result on the caller's context;
 * {@link io.prdtool.integration.git.GitCommitter} is the blocking core, usable without a container.
 * <h2>Settings</h2> {@code prdtool.integration.git.}: {@code cache-dir}, {@code author-name} ("PRD Tool"),
 * {@code author-email}, {@code timeout} (60s per fetch/push), {@code max-attempts} (5), {@code history-depth} (500),
 * {@code lock-timeout} (2m), {@code worker-threads} (2), {@code allow-private-hosts} (false); test only:
 * {@code allow-git-protocol}, {@code allow-local-repositories} (false).
 */
package io.prdtool.integration.git;
