package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.version.SemVer;
import io.prdtool.shared.problem.ProblemException;

/** Same semantics as seed §9.1 increment_version, with clear errors where the seed would fail a cast. */
class SemVerTest {

    @Test
    void bumpsResetLowerParts() {
        SemVer v = SemVer.parse("1.4.7");
        assertThat(v.bump(SemVer.Bump.MAJOR)).hasToString("2.0.0");
        assertThat(v.bump(SemVer.Bump.MINOR)).hasToString("1.5.0");
        assertThat(v.bump(SemVer.Bump.PATCH)).hasToString("1.4.8");
    }

    @Test
    void rejectsMalformedVersionsAndUnknownBumpsAsClientErrors() {
        for (String bad : new String[]{null, "", "1", "1.2", "1.2.3.4", "a.b.c", "-1.0.0", "1.02.0", " 1.0.0x"}) {
            assertThatThrownBy(() -> SemVer.parse(bad)).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).type().status()).isEqualTo(400));
        }
        assertThatThrownBy(() -> SemVer.Bump.parse("mega")).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).toProblem().allowed())
                        .containsExactly("major", "minor", "patch"));
    }

    @Test
    void ordersNumericallyNotLexically() {
        assertThat(SemVer.parse("1.10.0")).isGreaterThan(SemVer.parse("1.9.9"));
    }
}
