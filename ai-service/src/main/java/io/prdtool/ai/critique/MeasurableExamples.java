package io.prdtool.ai.critique;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A measurable rewrite to suggest for each vague quality word, shared by the NFR and ambiguity messages. */
final class MeasurableExamples {

    private static final Map<String, String> BY_WORD = new HashMap<>();

    static {
        put("p95 under 300 ms", "fast", "faster", "quick", "quickly", "quicker", "rapid", "rapidly", "responsive",
                "performant", "snappy", "instant", "instantly", "low-latency", "real-time");
        put("10,000 concurrent editors with p95 under 500 ms", "scalable", "scale", "scales", "elastic");
        put("99.9% monthly availability", "reliable", "available", "resilient", "robust", "stable", "fault-tolerant");
        put("passes OWASP ASVS level 2", "secure", "safe");
        put("under 200 MB of memory per instance", "efficient", "efficiently", "lightweight");
        put("meets WCAG 2.2 AA", "accessible");
        put("9 of 10 first-time users finish without help", "easy", "easily", "easy to use", "easy-to-use", "easier",
                "simple", "simpler", "intuitive", "intuitively", "user-friendly", "user friendly", "usable",
                "seamless", "seamlessly", "smooth", "smoothly", "straightforward", "convenient");
    }

    private MeasurableExamples() {
    }

    private static void put(String example, String... words) {
        List.of(words).forEach(w -> BY_WORD.put(w, example));
    }

    /** The quality words of non-functional requirements that are not measurable by themselves. */
    static boolean isQualityWord(String lowerWord) {
        return BY_WORD.containsKey(lowerWord);
    }

    /** E.g. "p95 under 300 ms" for "fast"; null when there is no example for the word. */
    static String forWord(String lowerWord) {
        return BY_WORD.get(lowerWord);
    }
}
