package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.prd.PrdReads;

/** The benchmark's pgbench script runs exactly the statement GET /api/v1/prds/{id} runs. */
class PrdReadsSqlTest {

    @Test
    void pgbenchScriptRunsTheEndpointsStatement() throws Exception {
        String script = Files.readString(Path.of("bench/get-prd.pgbench.sql"));
        String expected = PrdReads.GET_SQL.replace("$1", "(SELECT id FROM public.bench_ids WHERE n = :k)")
                .replace("$2", ":uid");
        assertThat(script).contains("\n" + expected + ";\n");
    }
}
