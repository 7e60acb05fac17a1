package io.prdtool.prd;

import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.ServiceContractTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class PrdServiceContractTest extends ServiceContractTest {

    @Override
    protected String schema() {
        return "prd";
    }
}
