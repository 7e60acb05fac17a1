package io.prdtool.ai;

import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.ServiceContractTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class AiServiceContractTest extends ServiceContractTest {

    @Override
    protected String schema() {
        return "ai";
    }
}
