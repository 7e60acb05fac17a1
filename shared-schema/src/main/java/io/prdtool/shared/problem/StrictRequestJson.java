package io.prdtool.shared.problem;

import java.io.DataInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

import jakarta.inject.Singleton;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The JSON reader of every REST API (not of Kafka consumers, which keep the application's mapper). Two rules on top of
 * the application's mapper:
 * <ul>
 * <li>No coercion between scalar kinds: {@code "title": 12345} or {@code "count": "3"} is a 400 naming the field, not
 * a silently converted value.</li>
 * <li>No NUL character (U+0000) in any string or field name, typed or not (metadata maps too): PostgreSQL text and
 * jsonb cannot hold it. A 400 naming the field instead of a failed insert.</li>
 * </ul>
 */
@Provider
@Singleton
public class StrictRequestJson implements ContextResolver<ObjectMapper> {

    private final ObjectMapper strict;

    public StrictRequestJson(ObjectMapper application) {
        ObjectMapper m = application.copyWith(new NulRejectingFactory());
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType scalar : new LogicalType[]{LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean, LogicalType.Enum, LogicalType.DateTime}) {
            m.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        for (LogicalType numberOrFlag : new LogicalType[]{LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean}) {
            m.coercionConfigFor(numberOrFlag).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        // numbers keep their natural widening (an integer is a valid float); strings are never numbers or flags
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        m.coercionConfigFor(LogicalType.DateTime).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        this.strict = m;
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }

    /** A string or field name held a NUL character; {@link #field()} is its JSON pointer without the leading slash. */
    public static final class NulCharacterException extends JsonParseException {

        private static final long serialVersionUID = 1L;
        private final String field;

        NulCharacterException(JsonParser parser, String field) {
            super(parser, "Field '" + field + "' contains a NUL character (U+0000), which text cannot hold");
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private static final class NulRejectingFactory extends JsonFactory {

        private static final long serialVersionUID = 1L;

        @Override
        protected JsonParser _createParser(InputStream in, IOContext ctxt) throws IOException {
            return new NulRejectingParser(super._createParser(in, ctxt));
        }

        @Override
        protected JsonParser _createParser(Reader r, IOContext ctxt) throws IOException {
            return new NulRejectingParser(super._createParser(r, ctxt));
        }

        @Override
        protected JsonParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
                throws IOException {
            return new NulRejectingParser(super._createParser(data, offset, len, ctxt, recyclable));
        }

        @Override
        protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) throws IOException {
            return new NulRejectingParser(super._createParser(data, offset, len, ctxt));
        }

        @Override
        protected JsonParser _createParser(DataInput input, IOContext ctxt) throws IOException {
            return new NulRejectingParser(super._createParser(input, ctxt));
        }

        @Override
        public JsonFactory copy() {
            return new NulRejectingFactory();
        }
    }

    private static final class NulRejectingParser extends JsonParserDelegate {

        NulRejectingParser(JsonParser delegate) {
            super(delegate);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            return check(super.nextToken());
        }

        @Override
        public JsonToken nextValue() throws IOException {
            return check(super.nextValue());
        }

        @Override
        public String nextFieldName() throws IOException {
            String name = super.nextFieldName();
            check(currentToken());
            return name;
        }

        @Override
        public boolean nextFieldName(SerializableString expected) throws IOException {
            boolean matches = super.nextFieldName(expected);
            check(currentToken());
            return matches;
        }

        @Override
        public String nextTextValue() throws IOException {
            String text = super.nextTextValue();
            check(currentToken());
            return text;
        }

        private JsonToken check(JsonToken token) throws IOException {
            if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
                char[] chars = getTextCharacters();
                int end = getTextOffset() + getTextLength();
                for (int i = getTextOffset(); i < end; i++) {
                    if (chars[i] == '\u0000') {
                        String pointer = getParsingContext().pathAsPointer().toString();
                        throw new NulCharacterException(this, pointer.isEmpty()
                                ? "body"
                                : pointer.substring(1)
                                        .replace('/', '.'));
                    }
                }
            }
            return token;
        }
    }
}
