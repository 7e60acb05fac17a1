package io.prdtool.shared.tx;

/**
 * Who performs a write and from where: {@code actor} is the JWT subject (or {@code system:<service>} for work no
 * user asked for); {@code clientIp} and {@code userAgent} come from the HTTP request when there is one. Tx puts them
 * in the transaction settings ({@code prdtool.actor}, {@code prdtool.client_ip}, {@code prdtool.user_agent}), where
 * the outbox and the audit trigger read them.
 */
public record ActorContext(String actor, String clientIp, String userAgent) {

    public static ActorContext system(String service) {
        return new ActorContext("system:" + service, null, null);
    }
}
