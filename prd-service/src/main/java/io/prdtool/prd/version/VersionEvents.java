package io.prdtool.prd.version;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.prdtool.prd.common.Hashes;
import io.prdtool.prd.prd.PrdEntity;
import io.prdtool.shared.events.prd.PrdVersionCreated;

/** Builds {@link PrdVersionCreated}: the version's Markdown inline up to the event's limit, else a claim-check. */
public final class VersionEvents {

    private VersionEvents() {
    }

    public static PrdVersionCreated created(PrdEntity prd, VersionEntity v, String previousVersion, String bump,
            String restoredFrom, UUID actorId) {
        int bytes = v.content.getBytes(StandardCharsets.UTF_8).length;
        String inline = bytes <= PrdVersionCreated.INLINE_MARKDOWN_MAX_BYTES ? v.content : null;
        return new PrdVersionCreated(prd.id, prd.organizationId, prd.projectId, v.id, v.version, previousVersion, bump,
                v.changelog, restoredFrom, Hashes.sha256(v.content), actorId, prd.title, prd.slug, prd.status, inline,
                bytes);
    }
}
