package io.prdtool.integration.git;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.DaemonClient;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.FileResolver;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Real git remotes for the tests: bare repositories in a temp folder, served over {@code git://} by JGit's
 * {@link Daemon} on 127.0.0.1 (receive-pack on) or used as {@code file://} remotes, and helpers to read them back.
 */
final class GitTestRepos implements AutoCloseable {

    static final UUID PRD_ID = UUID.fromString("6f1c2a0e-5b7d-4c1e-9a43-2d8f0b9e7c11");
    static final Instant CREATED = Instant.parse("2026-11-20T10:15:30Z");

    private final Path base;
    private final Daemon daemon;
    private volatile String rejectPushesWith;

    GitTestRepos(Path base) throws IOException {
        this.base = base;
        daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
        daemon.getService("git-receive-pack").setEnabled(true);
        daemon.setRepositoryResolver(new FileResolver<DaemonClient>(base.toFile(), true));
        daemon.setReceivePackFactory((DaemonClient client, Repository db) -> {
            ReceivePack rp = new ReceivePack(db);
            rp.setPreReceiveHook((pack, commands) -> {
                String reason = rejectPushesWith;
                if (reason != null) {
                    commands.forEach(c -> c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, reason));
                }
            });
            return rp;
        });
        daemon.start();
    }

    /** A new empty bare repository named {@code name}.git. */
    Path create(String name) throws Exception {
        Path dir = base.resolve(name + ".git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.toFile()).call().close();
        return dir;
    }

    String gitUrl(String name) {
        return "git://127.0.0.1:" + daemon.getAddress().getPort() + "/" + name + ".git";
    }

    String fileUrl(String name) {
        return base.resolve(name + ".git").toUri().toString();
    }

    int port() {
        return daemon.getAddress().getPort();
    }

    /** Makes the server's pre-receive hook refuse every push with {@code reason} (null: accept). */
    void rejectPushes(String reason) {
        rejectPushesWith = reason;
    }

    Repository open(String name) throws IOException {
        return new FileRepositoryBuilder().setGitDir(base.resolve(name + ".git").toFile()).setBare().build();
    }

    /** Commits {@code files} straight into the bare repository on top of {@code branch} (someone else's commit). */
    ObjectId commitDirect(String name, String branch, Map<String, String> files, String message) throws IOException {
        try (Repository repo = open(name);
                ObjectInserter ins = repo.newObjectInserter();
                ObjectReader reader = ins.newReader();
                RevWalk walk = new RevWalk(reader)) {
            ObjectId tip = repo.resolve(Constants.R_HEADS + branch);
            DirCache index = DirCache.newInCore();
            if (tip != null) {
                DirCacheBuilder b = index.builder();
                b.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, walk.parseCommit(tip).getTree());
                b.finish();
            }
            DirCacheEditor editor = index.editor();
            files.forEach((path, text) -> {
                ObjectId blob;
                try {
                    blob = ins.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                editor.add(new DirCacheEditor.PathEdit(path) {

                    @Override
                    public void apply(DirCacheEntry ent) {
                        ent.setFileMode(FileMode.REGULAR_FILE);
                        ent.setObjectId(blob);
                    }
                });
            });
            editor.finish();
            CommitBuilder c = new CommitBuilder();
            c.setTreeId(index.writeTree(ins));
            if (tip != null) {
                c.setParentId(tip);
            }
            PersonIdent someone = new PersonIdent("Someone Else", "else@example.org", Instant.parse(
                    "2026-11-21T08:00:00Z"), ZoneOffset.UTC);
            c.setAuthor(someone);
            c.setCommitter(someone);
            c.setMessage(message);
            ObjectId id = ins.insert(c);
            ins.flush();
            RefUpdate u = repo.updateRef(Constants.R_HEADS + branch);
            u.setNewObjectId(id);
            u.setExpectedOldObjectId(tip == null ? ObjectId.zeroId() : tip);
            RefUpdate.Result r = u.update();
            if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FAST_FORWARD) {
                throw new IOException("direct commit failed: " + r);
            }
            return id;
        }
    }

    /** Commits of {@code branch}, newest first. */
    List<RevCommit> log(String name, String branch) throws IOException {
        try (Repository repo = open(name); RevWalk walk = new RevWalk(repo)) {
            ObjectId tip = repo.resolve(Constants.R_HEADS + branch);
            List<RevCommit> out = new ArrayList<>();
            if (tip == null) {
                return out;
            }
            walk.markStart(walk.parseCommit(tip));
            walk.forEach(out::add);
            return out;
        }
    }

    /** Path → blob id of every file in the commit's tree. */
    Map<String, ObjectId> tree(String name, String commit) throws IOException {
        try (Repository repo = open(name); RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
            tw.setRecursive(true);
            Map<String, ObjectId> files = new java.util.TreeMap<>();
            while (tw.next()) {
                files.put(tw.getPathString(), tw.getObjectId(0));
            }
            return files;
        }
    }

    String read(String name, String commit, String path) throws IOException {
        try (Repository repo = open(name); RevWalk walk = new RevWalk(repo)) {
            try (TreeWalk tw = TreeWalk.forPath(repo, path, walk.parseCommit(ObjectId.fromString(commit)).getTree())) {
                return tw == null ? null : new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    static PrdFile prd(String version, String markdown) {
        return new PrdFile(PRD_ID, "checkout-redesign", "Checkout redesign", version, "draft", markdown,
                "Version " + version, CREATED);
    }

    @Override
    public void close() throws InterruptedException {
        daemon.stopAndWait();
    }
}
