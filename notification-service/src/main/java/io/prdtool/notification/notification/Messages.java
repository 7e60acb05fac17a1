package io.prdtool.notification.notification;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every user-facing sentence of notifications and emails, in English; {@link MessagesDe} translates them. A
 * recipient's {@code locale} setting picks the bundle ({@link Texts}).
 */
@MessageBundle(value = "msg", locale = "en")
public interface Messages {

    @Message("Someone")
    String someone();

    @Message("{actor} asks you to approve “{prd}”")
    String approvalRequested(String actor, String prd);

    @Message("“{prd}” is in review and waits for an approval.")
    String approvalRequestedBody(String prd);

    @Message("{actor} approved “{prd}”")
    String prdApproved(String actor, String prd);

    @Message("The approval of “{prd}” no longer holds")
    String approvalInvalidated(String prd);

    @Message("{actor} changed “{prd}” after it was approved; it is back in review.")
    String approvalInvalidatedBody(String actor, String prd);

    @Message("{actor} moved “{prd}” to {status}")
    String statusChanged(String actor, String prd, String status);

    @Message("{actor} created version {version} of “{prd}”")
    String versionCreated(String actor, String prd, String version);

    @Message("{actor} edited “{prd}”")
    String prdUpdated(String actor, String prd);

    @Message("“{prd}” was edited {count} times by {editors}")
    String prdUpdatedGroup(String prd, int count, String editors);

    @Message("{actor} mentioned you in “{prd}”")
    String mention(String actor, String prd);

    @Message("The {type} integration “{name}” was disabled")
    String integrationDisabled(String type, String name);

    @Message("Reason: {reason}. {error} An owner or admin can re-enable it.")
    String integrationDisabledBody(String reason, String error);

    @Message("A {type} delivery failed for good")
    String integrationDeliveryDead(String type);

    @Message("{action} failed after {attempts} attempts: {error}")
    String integrationDeliveryDeadBody(String action, int attempts, String error);

    @Message("Your organization used {percent}% of its AI budget for {period}")
    String aiBudget(int percent, String period);

    @Message("{used} of {budget} tokens used.")
    String aiBudgetBody(long used, long budget);

    @Message("Open in PRD Tool")
    String open();

    @Message("You get this email because of your notification settings.")
    String footer();

    @Message("Unsubscribe from these emails")
    String unsubscribe();

    @Message("{count} notifications from PRD Tool")
    String digestSubject(int count);

    @Message("Here is what happened since we last emailed you:")
    String digestIntro();
}
