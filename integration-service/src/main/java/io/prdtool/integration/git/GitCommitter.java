package io.prdtool.integration.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FileUtils;
import org.jboss.logging.Logger;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.git.CommitResult.Outcome;

/**
 * The blocking core of the git target: fetch, build the commit without a work tree, push expecting the old tip,
 * retry when someone else pushed first. Thread-safe; publishes to the same remote URL run one at a time. Never call it
 * on an event loop ({@link GitPublisher} runs it on worker threads).
 */
public final class GitCommitter {

    private static final Logger LOG = Logger.getLogger(GitCommitter.class);

    /** Test seam: runs after the fetch and commit build of each attempt, right before the push. */
    @FunctionalInterface
    interface BeforePush {

        void run(int attempt) throws Exception;
    }

    private final GitSettings settings;
    private final BeforePush beforePush;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public GitCommitter(GitSettings settings) {
        this(settings, attempt -> {
        });
    }

    GitCommitter(GitSettings settings, BeforePush beforePush) {
        this.settings = settings;
        this.beforePush = beforePush;
    }

    /**
     * Commits {@code file} to the target's branch unless the branch already carries it; see the package docs for the
     * whole behaviour.
     *
     * @throws DeliveryException for any failure: RETRYABLE (network, timeouts, 5xx, lost the race
     *         {@code maxAttempts} times, busy lock), AUTH (credentials or host key refused), GONE (no such
     *         repository), TERMINAL (refused URL, bad input, push rejected by the server for another reason)
     */
    public CommitResult publish(GitTarget target, GitCredentials credentials, PrdFile file) {
        GitRemote remote = GitRemote.vet(target.remoteUrl(), settings);
        String branchRef = Constants.R_HEADS + target.branch();
        if (!Repository.isValidRefName(branchRef)) {
            throw DeliveryException.terminal("'" + target.branch() + "' is not a valid branch name");
        }
        String path = PrdMarkdown.path(target.pathPrefix(), file.slug());
        byte[] content = PrdMarkdown.render(file);
        String message = PrdMarkdown.commitMessage(file);

        ReentrantLock lock = locks.computeIfAbsent(remote.cacheKey(), k -> new ReentrantLock());
        acquire(lock, remote);
        try (GitAuth auth = GitAuth.open(remote, target, credentials, settings)) {
            Path dir = settings.cacheDir().resolve(remote.cacheKey() + ".git");
            try {
                CommitResult result = publishLocked(dir, remote, auth, target.branch(), branchRef, path, content,
                        message, file);
                LOG.debugf("git: PRD %s v%s on %s %s: %s %s after %d attempt(s)", file.prdId(), file.version(),
                        remote, target.branch(), result.outcome(), result.commitHash(), result.attempts());
                return result;
            } catch (DeliveryException e) {
                throw e;
            } catch (Exception e) {
                if (!(e instanceof TransportException) && e instanceof IOException) {
                    // the cache may be damaged; start from a fresh clone next time
                    deleteQuietly(dir);
                }
                throw GitFailures.classify(e, "publishing to " + remote, auth);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks that the remote can be reached and read with these credentials (like {@code git ls-remote}: the refs are
     * listed, nothing is fetched or written). Returns the tip of the target's branch, or null when it does not exist
     * yet (an empty repository, or a branch the first publish creates).
     *
     * @throws DeliveryException classified like {@link #publish}
     */
    public String check(GitTarget target, GitCredentials credentials) {
        GitRemote remote = GitRemote.vet(target.remoteUrl(), settings);
        String branchRef = Constants.R_HEADS + target.branch();
        try (GitAuth auth = GitAuth.open(remote, target, credentials, settings)) {
            try (Repository probe = new InMemoryRepository(new DfsRepositoryDescription("probe"))) {
                remote.checkHost(settings);
                try (Transport transport = Transport.open(probe, remote.uri())) {
                    auth.configure(transport);
                    try (FetchConnection connection = transport.openFetch()) {
                        Ref ref = connection.getRef(branchRef);
                        return ref == null || ref.getObjectId() == null ? null : ref.getObjectId().name();
                    }
                }
            } catch (DeliveryException e) {
                throw e;
            } catch (Exception e) {
                throw GitFailures.classify(e, "reading " + remote, auth);
            }
        }
    }

    private CommitResult publishLocked(Path dir, GitRemote remote, GitAuth auth, String branch, String branchRef,
            String path, byte[] content, String message, PrdFile file) throws Exception {
        ObjectId blobId = new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, content);
        String trackingRef = Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/" + branch;
        remote.checkHost(settings); // a refused host leaves no trace, not even a cache folder
        try (Repository repo = openCache(dir)) {
            for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
                ObjectId tip = fetchTip(repo, remote, auth, branchRef, trackingRef);
                if (tip != null) {
                    RevCommit published = findPublished(repo, tip, file);
                    if (published != null) {
                        return new CommitResult(published.name(), branch, Outcome.EXISTING, attempt);
                    }
                    if (blobId.equals(blobAt(repo, tip, path))) {
                        return new CommitResult(tip.name(), branch, Outcome.UNCHANGED, attempt);
                    }
                }
                ObjectId commit = buildCommit(repo, tip, path, content, message, file);
                beforePush.run(attempt);
                RemoteRefUpdate update = push(repo, remote, auth, branchRef, commit, tip);
                switch (update.getStatus()) {
                    case OK -> {
                        setRef(repo, trackingRef, commit);
                        return new CommitResult(commit.name(), branch, Outcome.CREATED, attempt);
                    }
                    case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> LOG.debugf(
                            "git: %s %s moved during attempt %d; fetching again", remote, branch, attempt);
                    case REJECTED_OTHER_REASON -> {
                        if (!isLockRace(update.getMessage())) {
                            throw DeliveryException.terminal("the push to " + remote + " " + branch
                                    + " was rejected: " + GitFailures.redact(update.getMessage(), auth.secrets()));
                        }
                        LOG.debugf("git: %s %s was being updated during attempt %d; fetching again", remote, branch,
                                attempt);
                    }
                    default -> throw DeliveryException.terminal("the push to " + remote + " " + branch
                            + " was not accepted: " + update.getStatus()
                            + (update.getMessage() == null
                                    ? ""
                                    : " " + GitFailures.redact(update.getMessage(), auth.secrets())));
                }
            }
        }
        throw DeliveryException.retryable(remote + " " + branch + " kept moving: other pushes won "
                + settings.maxAttempts() + " times in a row", null);
    }

    /** The remote's tip of the branch (fetched into the cache), or null when the branch does not exist yet. */
    private ObjectId fetchTip(Repository repo, GitRemote remote, GitAuth auth, String branchRef, String trackingRef)
            throws IOException {
        remote.checkHost(settings);
        try (Transport transport = Transport.open(repo, remote.uri())) {
            auth.configure(transport);
            try (FetchConnection connection = transport.openFetch(List.of(new RefSpec(branchRef)))) {
                Ref ref = connection.getRef(branchRef);
                if (ref == null || ref.getObjectId() == null) {
                    return null;
                }
                ObjectId tip = ref.getObjectId();
                if (!repo.getObjectDatabase().has(tip)) {
                    connection.fetch(NullProgressMonitor.INSTANCE, List.of(ref), Set.of());
                }
                setRef(repo, trackingRef, tip);
                return tip;
            }
        }
    }

    /** The newest commit (within {@code historyDepth}) whose trailers name this PRD id and version. */
    private RevCommit findPublished(Repository repo, ObjectId tip, PrdFile file) throws IOException {
        String id = file.prdId().toString();
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(tip));
            int seen = 0;
            for (RevCommit c : walk) {
                if (++seen > settings.historyDepth()) {
                    return null;
                }
                if (c.getFooterLines(PrdMarkdown.TRAILER_PRD_ID).contains(id)
                        && c.getFooterLines(PrdMarkdown.TRAILER_PRD_VERSION).contains(file.version())) {
                    return c;
                }
            }
            return null;
        }
    }

    private static ObjectId blobAt(Repository repo, ObjectId commit, String path) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevTree tree = walk.parseCommit(commit).getTree();
            try (TreeWalk tw = TreeWalk.forPath(repo, path, tree)) {
                if (tw == null || !FileMode.REGULAR_FILE.equals(tw.getRawMode(0))) {
                    return null;
                }
                return tw.getObjectId(0);
            }
        }
    }

    /** The tip's tree with only {@code path} replaced, committed on top of the tip (or as a root commit). */
    private ObjectId buildCommit(Repository repo, ObjectId tip, String path, byte[] content, String message,
            PrdFile file) throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter();
                ObjectReader reader = inserter.newReader();
                RevWalk walk = new RevWalk(reader)) {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content);
            DirCache index = DirCache.newInCore();
            if (tip != null) {
                DirCacheBuilder builder = index.builder();
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, walk.parseCommit(tip).getTree());
                builder.finish();
            }
            DirCacheEditor editor = index.editor();
            editor.add(new DirCacheEditor.PathEdit(path) {

                @Override
                public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setObjectId(blob);
                    entry.setLength(content.length);
                }
            });
            editor.finish();
            ObjectId tree = index.writeTree(inserter);

            PersonIdent bot = new PersonIdent(settings.authorName(), settings.authorEmail(), file.createdAt(),
                    ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (tip != null) {
                commit.setParentId(tip);
            }
            commit.setAuthor(bot);
            commit.setCommitter(bot);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private RemoteRefUpdate push(Repository repo, GitRemote remote, GitAuth auth, String branchRef, ObjectId commit,
            ObjectId expectedTip) throws IOException {
        remote.checkHost(settings);
        try (Transport transport = Transport.open(repo, remote.uri())) {
            auth.configure(transport);
            RemoteRefUpdate update = new RemoteRefUpdate(repo, null, commit, branchRef, false, null,
                    expectedTip == null ? ObjectId.zeroId() : expectedTip);
            PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            RemoteRefUpdate reported = result.getRemoteUpdate(branchRef);
            return reported == null ? update : reported;
        }
    }

    /** A bare repository in the cache, created on first use; redirects are never followed. */
    private static Repository openCache(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
        if (!repo.getObjectDatabase().exists()) {
            repo.create(true);
        }
        StoredConfig config = repo.getConfig();
        if (!"false".equals(config.getString("http", null, "followRedirects"))) {
            config.setString("http", null, "followRedirects", "false");
            config.save();
        }
        return repo;
    }

    private static void setRef(Repository repo, String name, ObjectId id) throws IOException {
        RefUpdate update = repo.updateRef(name);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        update.disableRefLog();
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED
                && result != RefUpdate.Result.NO_CHANGE && result != RefUpdate.Result.FAST_FORWARD) {
            throw new IOException("could not update " + name + " in the cache: " + result);
        }
    }

    /** A server-side compare-and-swap lost to a concurrent push (JGit says "lock error", C git "cannot lock ref"). */
    private static boolean isLockRace(String message) {
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("lock");
    }

    private void acquire(ReentrantLock lock, GitRemote remote) {
        try {
            if (!lock.tryLock(settings.lockTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw DeliveryException.retryable("another publish to " + remote + " is still running", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.retryable("interrupted while waiting for another publish to " + remote, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.IGNORE_ERRORS | FileUtils.SKIP_MISSING);
        } catch (IOException e) {
            LOG.warnf("git: could not delete the cache folder %s: %s", dir, e.getMessage());
        }
    }
}
