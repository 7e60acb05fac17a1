package io.prdtool.ai.critique;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One review in progress: the parsed document, the rubric, the findings so far, and what several checks share. */
final class Review {

    enum Presence {
        /** No heading names the dimension. */
        MISSING,
        /** Headings name it, but hold no content. */
        EMPTY, PRESENT
    }

    /** A user story: "As a &lt;persona&gt;, I want ... [so that ...]". */
    record Story(int start, int anchorEnd, int personaStart, int personaEnd, String persona, boolean hasBenefit,
            int section) {
    }

    private static final Set<String> STORY_VERBS = Set.of("want", "need", "would", "can", "should", "expect", "wish",
            "must");
    private static final Set<String> BENEFIT_SUBJECTS = Set.of("that", "i", "we", "they", "he", "she", "it", "my",
            "our", "their");

    final PrdDocument doc;
    final Rubric rubric;
    final List<String> templateSections;
    final Findings findings;

    private List<Unit> requirements;
    private List<Unit> nfrs;
    private List<Story> stories;

    Review(PrdDocument doc, Rubric rubric, List<String> templateSections) {
        this.doc = doc;
        this.rubric = rubric;
        this.templateSections = templateSections;
        this.findings = new Findings(doc.text);
    }

    Presence presence(Dimension d) {
        Presence p = Presence.MISSING;
        for (PrdDocument.Section s : doc.sections) {
            if ((s.ownDims & d.bit()) != 0) {
                if (s.hasContent) {
                    return Presence.PRESENT;
                }
                p = Presence.EMPTY;
            }
        }
        return p;
    }

    void sectionMissing(Dimension d, String message, String hint) {
        findings.document(d, "section-missing", d.missingSeverity(), message, hint);
    }

    /** Functional requirements: the items of requirement sections, less those with an NFR ID. */
    List<Unit> requirements() {
        if (requirements == null) {
            requirements = new ArrayList<>();
            for (Unit u : Unit.collect(doc, Dimension.REQUIREMENTS, false, true)) {
                if (!isNfrId(u)) {
                    requirements.add(u);
                }
            }
        }
        return requirements;
    }

    /** Non-functional requirements: the items of NFR sections, plus requirements with an NFR ID. */
    List<Unit> nfrs() {
        if (nfrs == null) {
            nfrs = new ArrayList<>(Unit.collect(doc, Dimension.NFR, true, true));
            for (Unit u : Unit.collect(doc, Dimension.REQUIREMENTS, false, true)) {
                if (isNfrId(u) && nfrs.stream().noneMatch(n -> n.start() == u.start())) {
                    nfrs.add(u);
                }
            }
            nfrs.sort((a, b) -> Integer.compare(a.start(), b.start()));
        }
        return nfrs;
    }

    private boolean isNfrId(Unit u) {
        return u.hasId() && u.idKey(doc).startsWith("NFR");
    }

    /**
     * The user stories anywhere in the prose. "As" must open a clause (see {@link #opensClause}), then come "a"/"an",
     * a persona of up to 12 words, "I"/"we" and a verb of wanting. The benefit is "so that ..." (or "so I ...") later
     * in the same paragraph.
     */
    List<Story> stories() {
        if (stories != null) {
            return stories;
        }
        stories = new ArrayList<>();
        String[] w = doc.tLower;
        for (int i = 0; i + 4 < doc.tokenCount; i++) {
            if (!w[i].equals("as") || doc.tokenInHeading(i) || !opensClause(i)
                    || !(w[i + 1].equals("a") || w[i + 1].equals("an")) || doc.tBlock[i + 1] != doc.tBlock[i]) {
                continue;
            }
            int block = doc.tBlock[i];
            int verb = -1;
            for (int j = i + 3; j < Math.min(doc.tokenCount - 1, i + 15) && doc.tBlock[j + 1] == block; j++) {
                if ((w[j].equals("i") || w[j].equals("we")) && STORY_VERBS.contains(w[j + 1])) {
                    verb = j;
                    break;
                }
            }
            if (verb < 0) {
                continue;
            }
            boolean benefit = false;
            for (int k = verb + 2; k + 1 < doc.tokenCount && k < verb + 80 && doc.tBlock[k + 1] == block; k++) {
                if (w[k].equals("so") && BENEFIT_SUBJECTS.contains(w[k + 1])) {
                    benefit = true;
                    break;
                }
            }
            StringBuilder persona = new StringBuilder();
            for (int k = i + 2; k < verb; k++) {
                persona.append(k > i + 2 ? " " : "").append(w[k]);
            }
            int start = doc.tStart[i];
            stories.add(new Story(start, doc.lineEnd(start), doc.tStart[i + 2], doc.tEnd[verb - 1],
                    persona.toString(), benefit, doc.blockSection[block]));
            i = verb;
        }
        return stories;
    }

    /** Word i opens its block, or follows punctuation or markup ("**US-1** As a", "Story: As a"), not "such as a". */
    private boolean opensClause(int i) {
        if (doc.firstInBlock(i)) {
            return true;
        }
        for (int k = doc.tEnd[i - 1]; k < doc.tStart[i]; k++) {
            if (".!?:;(|*-\u2013\u2014\"".indexOf(doc.text.charAt(k)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The heading's text as written, for messages. */
    String headingText(PrdDocument.Section s) {
        if (s.tokenTo > s.tokenFrom) {
            return doc.text.substring(doc.tStart[s.tokenFrom], doc.tEnd[s.tokenTo - 1]);
        }
        return doc.text.substring(s.start, s.lineEnd).strip();
    }

    /** The first section whose own heading names {@code d}, or null. */
    PrdDocument.Section firstSection(Dimension d) {
        for (PrdDocument.Section s : doc.sections) {
            if ((s.ownDims & d.bit()) != 0) {
                return s;
            }
        }
        return null;
    }

    /** Whether any word of [from, to) is a quantity ("300", "99.9", "p95"). */
    boolean measured(int tokenFrom, int tokenTo) {
        for (int i = tokenFrom; i < tokenTo; i++) {
            if (doc.tMeasure[i]) {
                return true;
            }
        }
        return false;
    }
}
