package io.prdtool.notification;

import io.prdtool.notification.support.MailResource;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.ServiceContractTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
class NotificationServiceContractTest extends ServiceContractTest {

    @Override
    protected String schema() {
        return "notification";
    }
}
