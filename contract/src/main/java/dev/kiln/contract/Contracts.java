package dev.kiln.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The one JSON mapping both sides of the contract use, so that what the optimizer writes the operator reads
 * back byte for byte.
 */
public final class Contracts {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Newer writers may add fields; an older reader must still understand the rest.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Contracts() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reads one of the sample documents shipped in this module, for tests on either side. */
    public static <T> T sample(String fileName, Class<T> type) {
        String resource = "/dev/kiln/contract/samples/" + fileName;
        try (InputStream in = Contracts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no contract sample " + resource);
            }
            return MAPPER.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contract sample " + resource, e);
        }
    }
}
