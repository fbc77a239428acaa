package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // The examples of RFC 7386 appendix A that matter for Kubernetes objects, plus nesting.
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":\"b\"}                  | {\"a\":\"c\"}              | {\"a\":\"c\"}",
            "{\"a\":\"b\"}                  | {\"b\":\"c\"}              | {\"a\":\"b\",\"b\":\"c\"}",
            "{\"a\":\"b\"}                  | {\"a\":null}               | {}",
            "{\"a\":\"b\",\"b\":\"c\"}      | {\"a\":null}               | {\"b\":\"c\"}",
            "{\"a\":[\"b\"]}                | {\"a\":\"c\"}              | {\"a\":\"c\"}",
            "{\"a\":[1,2]}                  | {\"a\":[3]}                | {\"a\":[3]}",
            "{\"a\":{\"b\":\"c\"}}          | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
            "{\"a\":{\"b\":{\"c\":1,\"d\":2}}} | {\"a\":{\"b\":{\"c\":null}}} | {\"a\":{\"b\":{\"d\":2}}}",
            "{}                             | {\"a\":{\"bb\":{\"ccc\":null}}} | {\"a\":{\"bb\":{}}}",
    })
    void appliesRfc7386(String target, String patch, String expected) throws Exception {
        assertThat(MergePatch.apply(JSON.readTree(target), JSON.readTree(patch))).isEqualTo(JSON.readTree(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"a\":1} | {\"a\":1}"})
    void leavesTheTargetUntouched(String target, String patch) throws Exception {
        var original = JSON.readTree(target);
        MergePatch.apply(original, JSON.readTree("{\"a\":null}"));
        assertThat(original).isEqualTo(JSON.readTree(patch));
    }
}
