package io.prdtool.ai.critique;

import java.util.Random;

/**
 * A realistic PRD of a given size for the benchmark: every section a reviewer looks for, numbered requirements with
 * Given/When/Then, tables, code blocks, links, and about one ambiguous word per hundred.
 */
final class BenchmarkPrd {

    private static final String[] NOUNS = {"document", "section", "comment", "reviewer", "workspace", "template",
            "version", "export", "approval", "mention", "notification", "owner", "team", "link", "diagram"};
    private static final String[] VERBS = {"creates", "edits", "reviews", "approves", "exports", "shares",
            "archives", "restores", "links", "assigns", "resolves", "publishes"};
    private static final String[] ACTORS = {"The PM", "A reviewer", "An org admin", "A viewer", "The system"};
    private static final String[] VAGUE = {"fast", "several", "easy", "etc.", "if possible", "should", "intuitive",
            "in order to", "TBD", "many"};

    private BenchmarkPrd() {
    }

    static String build(int minWords, Random random) {
        StringBuilder md = new StringBuilder();
        md.append("# PRD: Review workflow for regulated teams\n\n");
        md.append("| Owner | Status | Target release |\n|---|---|---|\n| Dana Kim | Draft | 2027.3 |\n\n");
        int fr = 0;
        int part = 0;
        while (words(md) < minWords) {
            part++;
            md.append("## Problem statement ").append(part).append("\n\n");
            paragraph(md, random, 120);
            md.append("\n\n## Goals and success metrics\n\n");
            for (int g = 0; g < 5; g++) {
                md.append("- Cut the time a ").append(pick(random, NOUNS)).append(" waits for approval from ")
                        .append(20 + random.nextInt(40)).append(" hours to ").append(2 + random.nextInt(8))
                        .append(" hours by Q").append(1 + random.nextInt(4)).append(" 2027.\n");
            }
            md.append("\n## Non-goals\n\n- Offline editing.\n- Importing from other tools.\n\n");
            md.append("## User stories\n\n");
            for (int s = 0; s < 8; s++) {
                md.append("- As a compliance reviewer, I want to ").append(pick(random, VERBS).replaceAll("s$", ""))
                        .append(" a ").append(pick(random, NOUNS)).append(" so that ");
                sentence(md, random, 10);
                md.append("\n");
            }
            md.append("\n## Requirements\n\n");
            for (int sub = 0; sub < 3; sub++) {
                md.append("### ").append(capitalised(pick(random, NOUNS))).append("\n\n");
                for (int r = 0; r < 6; r++) {
                    fr++;
                    md.append("- **FR-").append(fr).append("** ").append(pick(random, ACTORS)).append(" can ")
                            .append(pick(random, VERBS).replaceAll("s$", "")).append(" a ")
                            .append(pick(random, NOUNS)).append(" ");
                    sentence(md, random, 14);
                    md.append("\n  - Given a ").append(pick(random, NOUNS)).append(" in review, when the owner ")
                            .append(pick(random, VERBS)).append(" it, then the ").append(pick(random, NOUNS))
                            .append(" shows the change within 2 s.\n");
                }
                md.append("\n");
            }
            md.append("## Non-functional requirements\n\n| ID | Target |\n|---|---|\n");
            md.append("| NFR-").append(part).append(" | p95 page load under 1.5 s for 200 sections |\n");
            md.append("| NFR-").append(part).append("b | 99.9% monthly availability |\n\n");
            md.append("```yaml\nreview:\n  fast: true   # code is not prose: TBD, should, several\n```\n\n");
            md.append("See [the design doc](https://example.com/design/fast-and-easy) for the diagrams.\n\n");
            md.append("## Risks and mitigations\n\n| Risk | Mitigation |\n|---|---|\n");
            md.append("| Reviewers ignore notifications | Daily digest with an opt-out |\n\n");
            md.append("## Dependencies\n\n- The notification service delivers mentions.\n\n");
            md.append("## Open questions\n\n- Who owns the retention policy? Owner: legal.\n\n");
        }
        return md.toString();
    }

    private static void paragraph(StringBuilder md, Random random, int words) {
        int written = 0;
        while (written < words) {
            int n = 8 + random.nextInt(10);
            sentence(md, random, n);
            md.append(' ');
            written += n + 1;
        }
    }

    private static void sentence(StringBuilder md, Random random, int words) {
        md.append(pick(random, ACTORS));
        for (int w = 0; w < words; w++) {
            md.append(' ');
            if (random.nextInt(100) == 0) {
                md.append(pick(random, VAGUE));
            } else {
                md.append(w % 3 == 0 ? pick(random, VERBS) : w % 3 == 1 ? "the" : pick(random, NOUNS));
            }
        }
        md.append('.');
    }

    private static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static int words(CharSequence s) {
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            boolean space = Character.isWhitespace(s.charAt(i));
            if (!space && !inWord) {
                n++;
            }
            inWord = !space;
        }
        return n;
    }
}
