package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.prdtool.prd.access.OrgRole;
import io.prdtool.prd.access.Permission;

/** The permission tables humans read (README-permissions.md, the root README) are the one the code enforces. */
class PermissionTableTest {

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Permission | What it allows | owner | admin | member | viewer |\n");
        sb.append("| --- | --- | :-: | :-: | :-: | :-: |\n");
        for (Permission p : Permission.values()) {
            sb.append("| `").append(p.name()).append("` | ").append(p.description()).append(" |");
            for (OrgRole r : OrgRole.values()) {
                sb.append(p.grantedTo(r) ? " ✔ |" : "  |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"README-permissions.md", "../README.md"})
    void readmeTablesMatchTheEnforcedPermissions(String file) throws Exception {
        String readme = Files.readString(Path.of(file));
        String table = readme.substring(readme.indexOf("<!-- permission-table:start -->\n")
                + "<!-- permission-table:start -->\n".length(), readme.indexOf("<!-- permission-table:end -->"));
        assertThat(table).as(file + " is out of date; expected table:\n" + render()).isEqualTo(render());
    }

    @Test
    void viewersOnlyRead() {
        assertThat(java.util.Arrays.stream(Permission.values()).filter(p -> p.grantedTo(OrgRole.VIEWER))
                .map(Enum::name).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("ORG_READ", "PROJECT_READ", "TEMPLATE_READ", "PRD_READ");
    }

    @Test
    void ownersMayDoEverything() {
        for (Permission p : Permission.values()) {
            assertThat(p.grantedTo(OrgRole.OWNER)).as(p.name()).isTrue();
        }
    }
}
