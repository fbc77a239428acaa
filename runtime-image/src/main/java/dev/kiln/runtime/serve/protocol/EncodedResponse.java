package dev.kiln.runtime.serve.protocol;

import java.util.OptionalInt;

/** A response body; {@code headerLength} is set when binary output data follows the JSON header. */
public record EncodedResponse(byte[] body, OptionalInt headerLength) {
}
