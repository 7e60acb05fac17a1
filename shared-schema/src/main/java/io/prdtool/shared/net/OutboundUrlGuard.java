package io.prdtool.shared.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;

/**
 * The SSRF guard for every URL a user gives us to call (an organization's AI endpoint, a webhook, a Jira site): the
 * URL must be absolute http(s) without credentials, and every address its host resolves to must be public, unless the
 * operator allows private targets. Refused: loopback, private (RFC 1918, unique-local), link-local (including cloud
 * metadata at 169.254.169.254), carrier-grade NAT, unspecified, multicast and the IPv4-mapped forms of those.
 * <p>
 * Check the syntax when the URL is stored ({@link #requireValidUrl}) and resolve right before each call
 * ({@link #resolve}); connect to an address {@code resolve} returned, not to the host name again, so that a DNS answer
 * that changes in between (rebinding) cannot redirect the call. {@link #resolve} blocks on DNS: call it off the event
 * loop.
 */
public final class OutboundUrlGuard {

    private static final int MAX_LENGTH = 2048;

    private OutboundUrlGuard() {
    }

    /**
     * Parses {@code url} as a target we may call, or answers 400 naming {@code field}. Plain http is refused unless
     * {@code allowPrivate} (then the target is typically a service inside the operator's network).
     */
    public static URI requireValidUrl(String url, String field, boolean allowPrivate) {
        if (url == null || url.isBlank()) {
            throw ProblemException.badRequest(field + " is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw ProblemException.badRequest(field + " is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw ProblemException.badRequest(field + " is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
            throw ProblemException.badRequest(field + (allowPrivate
                    ? " must be an http or https URL"
                    : " must be an https URL"));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ProblemException.badRequest(field + " must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ProblemException.badRequest(field + " must not contain credentials; set the API key separately");
        }
        if (uri.getRawFragment() != null) {
            throw ProblemException.badRequest(field + " must not have a fragment");
        }
        if (!allowPrivate && isLiteralAddress(uri.getHost())) {
            // a literal address can be judged without DNS
            try {
                requirePublic(InetAddress.getByName(stripBrackets(uri.getHost())), field);
            } catch (UnknownHostException e) {
                throw ProblemException.badRequest(field + " has an invalid address");
            }
        }
        return uri;
    }

    /**
     * Resolves {@code host} and returns its addresses, each checked: any non-public one refuses the whole host (422)
     * unless {@code allowPrivate}. An unknown host is a 422 as well (it cannot be called).
     */
    public static List<InetAddress> resolve(String host, String field, boolean allowPrivate) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(stripBrackets(host));
        } catch (UnknownHostException e) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, field + ": host " + host + " is unknown");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                requirePublic(a, field);
            }
        }
        return List.of(addresses);
    }

    /** Whether {@code address} is one we never call on a user's behalf. */
    public static boolean isNonPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT, RFC 6598
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking, RFC 2544
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // unique-local fc00::/7
            }
            if (isMappedOrCompatibleIpv4(b)) {
                try {
                    return isNonPublic(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void requirePublic(InetAddress address, String field) {
        if (isNonPublic(address)) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, field
                    + " points at a private, loopback or link-local address, which this deployment does not call");
        }
    }

    private static boolean isMappedOrCompatibleIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0;
        return mapped || compatible;
    }

    private static boolean isLiteralAddress(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
