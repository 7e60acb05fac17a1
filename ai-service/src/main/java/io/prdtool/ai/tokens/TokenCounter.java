package io.prdtool.ai.tokens;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import io.prdtool.ai.provider.ChatMessage;

/**
 * Counts tokens offline with OpenAI's o200k_base encoding (jtokkit, pure Java, the vocabulary ships in the jar): the
 * estimate a budget reservation is made with, and the count recorded when a provider reports no usage (then flagged
 * as estimated). For other model families the count is an approximation, which is all a reservation needs.
 */
@ApplicationScoped
public class TokenCounter {

    /** Per message: the role and the separators chat formats wrap around it. */
    private static final int PER_MESSAGE = 4;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    public int count(List<ChatMessage> messages) {
        int total = 3; // the assistant's reply is primed
        for (ChatMessage m : messages) {
            total += PER_MESSAGE + count(m.content());
        }
        return total;
    }
}
