package io.prdtool.shared.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;

class OutboundUrlGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
            "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
            "::ffff:10.0.0.1", "::"})
    void nonPublicAddressesAreRecognised(String address) throws Exception {
        assertThat(OutboundUrlGuard.isNonPublic(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "140.82.112.3", "2606:4700:4700::1111"})
    void publicAddressesPass(String address) throws Exception {
        assertThat(OutboundUrlGuard.isNonPublic(InetAddress.getByName(address))).isFalse();
    }

    @Test
    void literalPrivateAddressesAreRefusedWithoutDns() {
        assertThatThrownBy(() -> OutboundUrlGuard.requireValidUrl("https://169.254.169.254/latest", "url", false))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.UNPROCESSABLE));
        assertThatThrownBy(() -> OutboundUrlGuard.requireValidUrl("https://[::1]:8443/v1", "url", false))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void theShapeOfTheUrlIsChecked() {
        assertThatThrownBy(() -> OutboundUrlGuard.requireValidUrl("http://example.com", "url", false))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> OutboundUrlGuard.requireValidUrl("https://u:p@example.com", "url", false))
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> OutboundUrlGuard.requireValidUrl("ftp://example.com", "url", true))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> OutboundUrlGuard.requireValidUrl("not a url", "url", false))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> OutboundUrlGuard.requireValidUrl("https://example.com/#x", "url", false))
                .isInstanceOf(ProblemException.class);
        assertThat(OutboundUrlGuard.requireValidUrl("https://api.example.com/v1", "url", false).getHost())
                .isEqualTo("api.example.com");
        assertThat(OutboundUrlGuard.requireValidUrl("http://localhost:11434/v1", "url", true).getPort())
                .isEqualTo(11434);
    }

    @Test
    void resolvingAPrivateHostIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> OutboundUrlGuard.resolve("localhost", "url", false))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.getMessage()).contains("private"));
        assertThat(OutboundUrlGuard.resolve("localhost", "url", true)).isNotEmpty();
    }
}
