package io.prdtool.notification.notification;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.Message;

/** German texts of {@link Messages}. */
@Localized("de")
public interface MessagesDe extends Messages {

    @Override
    @Message("Jemand")
    String someone();

    @Override
    @Message("{actor} bittet Sie, „{prd}“ freizugeben")
    String approvalRequested(String actor, String prd);

    @Override
    @Message("„{prd}“ ist in Prüfung und wartet auf eine Freigabe.")
    String approvalRequestedBody(String prd);

    @Override
    @Message("{actor} hat „{prd}“ freigegeben")
    String prdApproved(String actor, String prd);

    @Override
    @Message("Die Freigabe von „{prd}“ gilt nicht mehr")
    String approvalInvalidated(String prd);

    @Override
    @Message("{actor} hat „{prd}“ nach der Freigabe geändert; es ist wieder in Prüfung.")
    String approvalInvalidatedBody(String actor, String prd);

    @Override
    @Message("{actor} hat „{prd}“ auf {status} gesetzt")
    String statusChanged(String actor, String prd, String status);

    @Override
    @Message("{actor} hat Version {version} von „{prd}“ erstellt")
    String versionCreated(String actor, String prd, String version);

    @Override
    @Message("{actor} hat „{prd}“ bearbeitet")
    String prdUpdated(String actor, String prd);

    @Override
    @Message("„{prd}“ wurde {count}-mal bearbeitet von {editors}")
    String prdUpdatedGroup(String prd, int count, String editors);

    @Override
    @Message("{actor} hat Sie in „{prd}“ erwähnt")
    String mention(String actor, String prd);

    @Override
    @Message("Die {type}-Integration „{name}“ wurde deaktiviert")
    String integrationDisabled(String type, String name);

    @Override
    @Message("Grund: {reason}. {error} Eine Inhaberin oder ein Admin kann sie wieder aktivieren.")
    String integrationDisabledBody(String reason, String error);

    @Override
    @Message("Eine {type}-Zustellung ist endgültig gescheitert")
    String integrationDeliveryDead(String type);

    @Override
    @Message("{action} ist nach {attempts} Versuchen gescheitert: {error}")
    String integrationDeliveryDeadBody(String action, int attempts, String error);

    @Override
    @Message("Ihre Organisation hat {percent} % ihres KI-Budgets für {period} verbraucht")
    String aiBudget(int percent, String period);

    @Override
    @Message("{used} von {budget} Tokens verbraucht.")
    String aiBudgetBody(long used, long budget);

    @Override
    @Message("In PRD Tool öffnen")
    String open();

    @Override
    @Message("Sie erhalten diese E-Mail wegen Ihrer Benachrichtigungseinstellungen.")
    String footer();

    @Override
    @Message("Diese E-Mails abbestellen")
    String unsubscribe();

    @Override
    @Message("{count} Benachrichtigungen von PRD Tool")
    String digestSubject(int count);

    @Override
    @Message("Das ist passiert, seit wir Ihnen zuletzt geschrieben haben:")
    String digestIntro();
}
