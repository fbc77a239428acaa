package dev.kiln.runtime.serve.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.kiln.runtime.serve.protocol.InferRequest.RequestedOutput;
import dev.kiln.runtime.serve.tensor.Datatype;
import dev.kiln.runtime.serve.tensor.Shapes;
import dev.kiln.runtime.serve.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decodes an infer request body: the JSON tensor form, and the binary tensor data extension where a JSON header of
 * {@code Inference-Header-Content-Length} bytes is followed by raw little-endian tensor bytes. Streams the JSON so
 * large tensors go straight into their byte buffers without an intermediate tree.
 */
public final class InferRequestReader {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** Decodes a body; {@code headerLength} is the value of Inference-Header-Content-Length, when present. */
    public InferRequest read(byte[] body, OptionalInt headerLength) {
        int jsonLength = body.length;
        if (headerLength.isPresent()) {
            jsonLength = headerLength.getAsInt();
            if (jsonLength < 0 || jsonLength > body.length) {
                throw ProtocolException.badRequest("Inference-Header-Content-Length is " + jsonLength
                        + " but the body has " + body.length + " bytes; it must give the length of the JSON header");
            }
        }
        List<PendingInput> inputs = new ArrayList<>();
        List<RequestedOutput> outputs = new ArrayList<>();
        Optional<String> id = Optional.empty();
        boolean binaryOutputs = false;
        try (JsonParser parser = JSON.createParser(body, 0, jsonLength)) {
            expect(parser, parser.nextToken(), JsonToken.START_OBJECT, "the request body");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> {
                        expect(parser, value, JsonToken.VALUE_STRING, "'id'");
                        id = Optional.of(parser.getText());
                    }
                    case "parameters" -> binaryOutputs = readFlag(parser, "binary_data_output", "request parameters").orElse(false);
                    case "inputs" -> {
                        expect(parser, value, JsonToken.START_ARRAY, "'inputs'");
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            inputs.add(readInput(parser, inputs.size(), body.length));
                        }
                    }
                    case "outputs" -> {
                        expect(parser, value, JsonToken.START_ARRAY, "'outputs'");
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            outputs.add(readOutput(parser, outputs.size()));
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw ProtocolException.badRequest("malformed JSON: unexpected content after the request object"
                        + (headerLength.isEmpty() ? "; binary tensor data needs the Inference-Header-Content-Length header" : ""));
            }
        } catch (JsonProcessingException e) {
            throw ProtocolException.badRequest("malformed JSON in the request body: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw ProtocolException.badRequest("unreadable request body: " + e.getMessage());
        }
        if (inputs.isEmpty()) {
            throw ProtocolException.badRequest("the request has no 'inputs'; give one entry per model input");
        }
        return new InferRequest(id, attachBinaryData(inputs, body, jsonLength, headerLength.isPresent()), outputs, binaryOutputs);
    }

    /** An input as read from the JSON header: its data, or how many bytes of binary data follow. */
    private record PendingInput(String name, Datatype datatype, long[] shape, ByteBuffer data, long binarySize) {
    }

    private PendingInput readInput(JsonParser parser, int index, int bodyLength) throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT, "inputs[" + index + "]");
        String name = null;
        String datatypeName = null;
        long[] shape = null;
        long binarySize = -1;
        TokenBuffer data = null;
        ByteBuffer parsed = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "name" -> {
                    expect(parser, value, JsonToken.VALUE_STRING, "inputs[" + index + "].name");
                    name = parser.getText();
                }
                case "datatype" -> {
                    expect(parser, value, JsonToken.VALUE_STRING, "inputs[" + index + "].datatype");
                    datatypeName = parser.getText();
                }
                case "shape" -> shape = readShape(parser, describe(name, index));
                case "parameters" -> binarySize = readBinarySize(parser, describe(name, index));
                case "data" -> {
                    Optional<Datatype> known = datatypeName == null ? Optional.empty() : Datatype.fromProtocolName(datatypeName);
                    if (known.isPresent() && shape != null && name != null) {
                        String what = describe(name, index);
                        long elements = checkedElementCount(shape, what, bodyLength);
                        parsed = new DataReader(what, known.get(), shape, elements).read(parser);
                    } else {
                        // Kept as tokens until the datatype and shape, which usually come first, are known.
                        data = TokenBuffer.asCopyOfValue(parser);
                    }
                }
                default -> parser.skipChildren();
            }
        }
        String what = describe(name, index);
        if (name == null) {
            throw ProtocolException.badRequest(what + " has no 'name'");
        }
        if (datatypeName == null) {
            throw ProtocolException.badRequest(what + " has no 'datatype'");
        }
        String finalDatatypeName = datatypeName;
        Datatype datatype = Datatype.fromProtocolName(datatypeName).orElseThrow(() -> ProtocolException.badRequest(
                what + " has datatype '" + finalDatatypeName + "'; the server takes " + Arrays.toString(Datatype.values())));
        if (shape == null) {
            throw ProtocolException.badRequest(what + " has no 'shape'");
        }
        if (binarySize >= 0) {
            if (data != null || parsed != null) {
                throw ProtocolException.badRequest(what + " has both 'data' and the binary_data_size parameter; give one");
            }
            elementCount(shape, what);
            return new PendingInput(name, datatype, shape, null, binarySize);
        }
        if (parsed != null) {
            return new PendingInput(name, datatype, shape, parsed, -1);
        }
        if (data == null) {
            throw ProtocolException.badRequest(what + " has neither 'data' nor the binary_data_size parameter");
        }
        long elements = checkedElementCount(shape, what, bodyLength);
        try (JsonParser dataParser = data.asParser()) {
            dataParser.nextToken();
            return new PendingInput(name, datatype, shape, new DataReader(what, datatype, shape, elements).read(dataParser), -1);
        }
    }

    private static String describe(String name, int index) {
        return name != null ? "input '" + name + "'" : "inputs[" + index + "]";
    }

    /** The element count, refused when JSON data of that many elements could not fit in the body. */
    private static long checkedElementCount(long[] shape, String what, int bodyLength) {
        long elements = elementCount(shape, what);
        if (elements > bodyLength) {
            throw ProtocolException.badRequest(what + " has shape " + Shapes.format(shape) + " (" + elements
                    + " elements) but the whole body is only " + bodyLength + " bytes");
        }
        return elements;
    }

    private static long elementCount(long[] shape, String what) {
        try {
            return Shapes.elementCount(shape);
        } catch (ArithmeticException e) {
            throw ProtocolException.badRequest(what + " has shape " + Shapes.format(shape) + ", too many elements");
        }
    }

    private static long[] readShape(JsonParser parser, String what) throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_ARRAY, what + " shape");
        List<Long> dims = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
                throw ProtocolException.badRequest(what + " has shape element '" + parser.getText()
                        + "'; a request's shape lists concrete sizes, integers of 0 or more");
            }
            dims.add(parser.getLongValue());
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static long readBinarySize(JsonParser parser, String what) throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT, what + " parameters");
        long size = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("binary_data_size")) {
                if (value != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
                    throw ProtocolException.badRequest(what + " has binary_data_size '" + parser.getText()
                            + "'; it must be the byte count of the tensor's binary data");
                }
                size = parser.getLongValue();
            } else {
                parser.skipChildren();
            }
        }
        return size;
    }

    private static Optional<Boolean> readFlag(JsonParser parser, String flag, String what) throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT, what);
        Optional<Boolean> binary = Optional.empty();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals(flag)) {
                if (!value.isBoolean()) {
                    throw ProtocolException.badRequest(what + " has " + flag + " '" + parser.getText() + "'; it must be true or false");
                }
                binary = Optional.of(value == JsonToken.VALUE_TRUE);
            } else {
                parser.skipChildren();
            }
        }
        return binary;
    }

    private static RequestedOutput readOutput(JsonParser parser, int index) throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT, "outputs[" + index + "]");
        String name = null;
        Optional<Boolean> binary = Optional.empty();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("name")) {
                expect(parser, value, JsonToken.VALUE_STRING, "outputs[" + index + "].name");
                name = parser.getText();
            } else if (field.equals("parameters")) {
                binary = readFlag(parser, "binary_data", "outputs[" + index + "].parameters");
            } else {
                parser.skipChildren();
            }
        }
        if (name == null) {
            throw ProtocolException.badRequest("outputs[" + index + "] has no 'name'");
        }
        return new RequestedOutput(name, binary);
    }

    private static List<Tensor> attachBinaryData(List<PendingInput> inputs, byte[] body, int jsonLength, boolean binaryHeader) {
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        int offset = jsonLength;
        for (PendingInput input : inputs) {
            if (input.data() != null) {
                tensors.add(new Tensor(input.name(), input.datatype(), input.shape(), input.data()));
                continue;
            }
            String what = "input '" + input.name() + "'";
            if (!binaryHeader) {
                throw ProtocolException.badRequest(what + " has binary_data_size but the request has no "
                        + "Inference-Header-Content-Length header giving the JSON header's length");
            }
            long expected = Shapes.elementCount(input.shape()) * input.datatype().byteSize();
            if (input.binarySize() != expected) {
                throw ProtocolException.badRequest(what + " has binary_data_size " + input.binarySize() + " but "
                        + input.datatype() + " shape " + Shapes.format(input.shape()) + " needs " + expected + " bytes");
            }
            if (offset + expected > body.length) {
                throw ProtocolException.badRequest(what + " needs " + expected + " bytes of binary data at offset "
                        + offset + " but the body ends at " + body.length);
            }
            // A view of the body, not a copy: a batched request is copied once, into the stacked tensor.
            ByteBuffer data = ByteBuffer.wrap(body, offset, (int) expected).slice().order(ByteOrder.LITTLE_ENDIAN);
            offset += (int) expected;
            tensors.add(new Tensor(input.name(), input.datatype(), input.shape(), data));
        }
        if (offset != body.length) {
            throw ProtocolException.badRequest("the body has " + (body.length - offset) + " bytes of binary data"
                    + " that no input's binary_data_size accounts for");
        }
        return tensors;
    }

    private static void expect(JsonParser parser, JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw ProtocolException.badRequest(what + " must be " + describe(expected) + ", got "
                    + (actual == null ? "end of input" : "'" + parser.getText() + "'"));
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "a JSON object";
            case START_ARRAY -> "a JSON array";
            case VALUE_STRING -> "a string";
            default -> token.asString();
        };
    }

    /** Reads a tensor's {@code data}, flat or nested, row-major, into little-endian bytes of its datatype. */
    private static final class DataReader {
        private final String what;
        private final Datatype datatype;
        private final long[] shape;
        private final long expected;
        private final ByteBuffer out;
        private long count;

        DataReader(String what, Datatype datatype, long[] shape, long expected) {
            this.what = what;
            this.datatype = datatype;
            this.shape = shape;
            this.expected = expected;
            this.out = ByteBuffer.allocateDirect(Math.toIntExact(expected * datatype.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        }

        ByteBuffer read(JsonParser parser) throws IOException {
            if (parser.currentToken() == JsonToken.START_ARRAY) {
                readArray(parser);
            } else {
                element(parser);
            }
            if (count != expected) {
                throw ProtocolException.badRequest(what + " has shape " + Shapes.format(shape) + ", which needs "
                        + expected + " elements, but its data has " + count);
            }
            return out.flip();
        }

        private void readArray(JsonParser parser) throws IOException {
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == JsonToken.START_ARRAY) {
                    readArray(parser);
                } else {
                    element(parser);
                }
            }
        }

        private void element(JsonParser parser) throws IOException {
            JsonToken token = parser.currentToken();
            if (count >= expected) {
                count++;
                return;
            }
            switch (datatype) {
                case BOOL -> {
                    if (!token.isBoolean()) {
                        throw wrong(parser, "true or false");
                    }
                    out.put((byte) (token == JsonToken.VALUE_TRUE ? 1 : 0));
                }
                case FP32, FP16, FP64 -> {
                    if (!token.isNumeric()) {
                        throw wrong(parser, "numbers");
                    }
                    switch (datatype) {
                        case FP32 -> out.putFloat(parser.getFloatValue());
                        case FP64 -> out.putDouble(parser.getDoubleValue());
                        default -> out.putShort(ai.onnxruntime.platform.Fp16Conversions.floatToFp16(parser.getFloatValue()));
                    }
                }
                default -> {
                    if (token != JsonToken.VALUE_NUMBER_INT) {
                        throw wrong(parser, "integers");
                    }
                    long value;
                    try {
                        value = parser.getLongValue();
                    } catch (InputCoercionException e) {
                        throw outOfRange(parser.getText());
                    }
                    putInteger(value, parser.getText());
                }
            }
            count++;
        }

        private void putInteger(long value, String text) {
            switch (datatype) {
                case UINT8 -> {
                    if (value < 0 || value > 255) {
                        throw outOfRange(text);
                    }
                    out.put((byte) value);
                }
                case INT8 -> {
                    if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
                        throw outOfRange(text);
                    }
                    out.put((byte) value);
                }
                case INT16 -> {
                    if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
                        throw outOfRange(text);
                    }
                    out.putShort((short) value);
                }
                case INT32 -> {
                    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                        throw outOfRange(text);
                    }
                    out.putInt((int) value);
                }
                default -> out.putLong(value);
            }
        }

        private ProtocolException wrong(JsonParser parser, String takes) throws IOException {
            String got = parser.currentToken() == JsonToken.VALUE_STRING ? "\"" + parser.getText() + "\"" : parser.getText();
            return ProtocolException.badRequest(what + " data element " + count + " is " + got + "; " + datatype
                    + " data takes " + takes);
        }

        private ProtocolException outOfRange(String text) {
            return ProtocolException.badRequest(what + " data element " + count + " is " + text + ", outside the "
                    + datatype + " range");
        }
    }
}
