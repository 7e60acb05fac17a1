package io.prdtool.integration.adf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * {@code @atlaskit/adf-schema}'s JSON schema ({@code src/test/resources/adf/full.json}, draft-04), loaded once. The
 * validator is built on Jackson 3, so documents cross over as JSON text.
 */
public final class AdfSchema {

    private static final Schema SCHEMA = load();

    private AdfSchema() {
    }

    /** The schema's complaints about {@code adf}; empty when it is a valid ADF document. */
    public static List<String> violations(JsonNode adf) {
        List<Error> errors = SCHEMA.validate(adf.toString(), InputFormat.JSON);
        return errors.stream().map(Error::toString).toList();
    }

    private static Schema load() {
        try (InputStream in = AdfSchema.class.getResourceAsStream("/adf/full.json")) {
            String schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema,
                    InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
