package io.prdtool.ai.interaction;

import java.time.LocalDate;
import java.util.UUID;

import io.prdtool.ai.access.Member;
import io.prdtool.ai.action.Action;
import io.prdtool.ai.provider.ChatRequest;
import io.prdtool.ai.provider.ProviderConfig;
import io.prdtool.ai.text.TextAnchor;
import io.prdtool.shared.tx.ActorContext;

/**
 * A call admitted and recorded (status pending, budget reserved), ready to run: who asked, for what, with which
 * provider and prompt; the text the prompt was built from (suggestions are anchored in it) and its hash; how many
 * tokens were reserved in which month; whether prompt and answer text may be stored (retention).
 */
public record Prepared(UUID interactionId, UUID organizationId, UUID prdId, Member member, Action action,
        String promptVersion, ProviderConfig provider, ChatRequest chat, int promptTokensEstimate, int reservedTokens,
        LocalDate period, String document, String documentHash, TextAnchor selection, String section,
        boolean storeText, ActorContext actor) {
}
