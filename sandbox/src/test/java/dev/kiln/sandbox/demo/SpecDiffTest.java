package dev.kiln.sandbox.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.sandbox.apiserver.MergePatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SpecDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":1}                          | {\"a\":1}                     | {}",
            "{\"a\":1}                          | {\"a\":2}                     | {\"a\":2}",
            "{\"a\":1,\"b\":2}                  | {\"a\":1}                     | {\"b\":null}",
            "{\"s\":{\"x\":1,\"y\":2}}          | {\"s\":{\"x\":1,\"y\":3}}     | {\"s\":{\"y\":3}}",
            "{\"s\":{\"x\":1}}                  | {\"s\":{\"x\":1,\"z\":[1,2]}} | {\"s\":{\"z\":[1,2]}}",
            "{\"l\":[1,2]}                      | {\"l\":[2]}                   | {\"l\":[2]}",
            "{\"s\":{\"x\":1}}                  | {\"s\":5}                     | {\"s\":5}",
    })
    void mergePatchHoldsOnlyTheChangeAndTurnsOneIntoTheOther(String from, String to, String patch) throws Exception {
        JsonNode before = JSON.readTree(from);
        JsonNode after = JSON.readTree(to);

        JsonNode diff = SpecDiff.mergePatch(before, after);

        assertThat(diff).isEqualTo(JSON.readTree(patch));
        assertThat(MergePatch.apply(before, diff)).isEqualTo(after);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"m\":{\"uri\":\"a\"}}              | {\"m\":{\"uri\":\"b\"}}     | spec.m.uri: a -> b",
            "{}                                   | {\"s\":{\"maxBatch\":8}}    | spec.s: (unset) -> {\"maxBatch\":8}",
            "{\"s\":{}}                           | {\"s\":{\"maxBatch\":8}}    | spec.s.maxBatch: (unset) -> 8",
            "{\"s\":{\"maxBatch\":8}}             | {\"s\":{}}                  | spec.s.maxBatch: 8 -> (unset)",
    })
    void changesAreOneReadableLinePerField(String from, String to, String line) throws Exception {
        assertThat(SpecDiff.changes("spec", JSON.readTree(from), JSON.readTree(to))).containsExactly(line);
    }
}
