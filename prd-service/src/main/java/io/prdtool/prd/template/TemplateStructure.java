package io.prdtool.prd.template;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.prdtool.shared.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The documented shape of a template: ordered sections, each with a title (a level-2 Markdown heading in the PRD),
 * optional guidance for the author, and whether the section is required before the PRD can go to review.
 */
@RegisterForReflection
@Schema(name = "TemplateStructure", description = "Ordered sections of a PRD template", example = """
        {"sections": [
          {"title": "Problem", "guidance": "Who has the problem, and what does it cost them?", "required": true},
          {"title": "Goals", "guidance": "Measurable outcomes.", "required": true},
          {"title": "Non-goals", "required": false}
        ]}""")
public record TemplateStructure(@NotNull @Size(min = 1, max = 50) List<@NotNull @Valid Section> sections) {

    @RegisterForReflection
    @Schema(name = "TemplateSection")
    public record Section(
            @NotBlank @Size(max = 200) @Pattern(regexp = "[^\\r\\n#]*", message = "must be one line without '#'") String title,
            @Size(max = 4000) String guidance,
            @Schema(defaultValue = "false") boolean required) {
    }

    /** Section titles are headings: two sections with the same title would be ambiguous. */
    public void requireUniqueTitles() {
        Set<String> seen = new HashSet<>();
        for (Section s : sections) {
            if (!seen.add(s.title().trim().toLowerCase(Locale.ROOT))) {
                throw ProblemException.badRequest("Section titles must be unique; '" + s.title().trim()
                        + "' appears twice");
            }
        }
    }

    /** The trimmed titles of the required sections, in order (what a PRD must contain before review). */
    public List<String> requiredTitles() {
        return sections.stream().filter(Section::required).map(s -> s.title().trim()).toList();
    }

    public Map<String, Object> toJson() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Section s : sections) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("title", s.title().trim());
            if (s.guidance() != null && !s.guidance().isBlank()) {
                m.put("guidance", s.guidance().trim());
            }
            m.put("required", s.required());
            list.add(m);
        }
        return Map.of("sections", list);
    }

    @SuppressWarnings("unchecked")
    public static TemplateStructure fromJson(Map<String, Object> json) {
        List<Section> sections = new ArrayList<>();
        Object raw = json == null ? null : json.get("sections");
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> m = (Map<String, Object>) o;
                sections.add(new Section((String) m.get("title"), (String) m.get("guidance"),
                        Boolean.TRUE.equals(m.get("required"))));
            }
        }
        return new TemplateStructure(sections);
    }

    /**
     * The Markdown skeleton a PRD created from this template starts with: the title, then one heading per section
     * with its guidance as an HTML comment (visible to the author, invisible once rendered).
     */
    public String skeleton(String prdTitle) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(prdTitle == null || prdTitle.isBlank() ? "Untitled PRD" : prdTitle.trim())
                .append("\n\n");
        for (Section s : sections) {
            md.append("## ").append(s.title().trim()).append("\n\n");
            String guidance = s.guidance() == null ? "" : s.guidance().trim().replace("--", "- -");
            if (s.required() || !guidance.isEmpty()) {
                md.append("<!-- ");
                if (s.required()) {
                    md.append("Required. ");
                }
                md.append(guidance).append(guidance.isEmpty() ? "" : " ").append("-->\n\n");
            }
        }
        return md.toString();
    }

    /** Titles of required sections that have no level-2 heading in {@code markdown}. */
    public List<String> missingRequiredSections(String markdown) {
        Set<String> headings = new HashSet<>();
        for (String line : (markdown == null ? "" : markdown).split("\n")) {
            String l = line.strip();
            if (l.startsWith("## ")) {
                headings.add(l.substring(3).strip().toLowerCase(Locale.ROOT));
            }
        }
        return sections.stream().filter(Section::required).map(s -> s.title().trim())
                .filter(t -> !headings.contains(t.toLowerCase(Locale.ROOT))).toList();
    }
}
