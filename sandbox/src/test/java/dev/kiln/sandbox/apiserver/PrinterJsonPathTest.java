package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrinterJsonPathTest {

    private static final JsonNode OBJECT = parse("""
            {"metadata": {"name": "m", "labels": {"node.kubernetes.io/instance-type": "g2"}},
             "status": {"phase": "Healthy", "rollout": {"canaryWeight": 10},
                        "conditions": [{"type": "Reconciling", "status": "False"}, {"type": "Ready", "status": "True"}],
                        "containerStatuses": [{"restartCount": 3}]}}""");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            ".status.phase                                | Healthy",
            "{.status.phase}                              | Healthy",
            ".status.rollout.canaryWeight                 | 10",
            ".status.conditions[?(@.type==\"Ready\")].status | True",
            ".status.conditions[?(@.type=='Reconciling')].status | False",
            ".status.containerStatuses[0].restartCount    | 3",
            ".metadata.labels['node.kubernetes.io/instance-type'] | g2",
    })
    void evaluates(String path, String expected) {
        assertThat(PrinterJsonPath.compile(path).evaluate(OBJECT).asText()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({".status.missing", ".status.conditions[?(@.type==\"Gone\")].status", ".status.containerStatuses[4].x",
            ".status.phase.deeper"})
    void missingValuesAreMissing(String path) {
        assertThat(PrinterJsonPath.compile(path).evaluate(OBJECT).isMissingNode()).isTrue();
    }

    @Test
    void rejectsUnsupportedExpressionsNamingThem() {
        assertThatThrownBy(() -> PrinterJsonPath.compile(".items[*].name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".items[*].name");
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
