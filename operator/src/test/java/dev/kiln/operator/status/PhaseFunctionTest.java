package dev.kiln.operator.status;

import dev.kiln.operator.api.Phase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhaseFunctionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // case,                                     stalled, serving, optimizing, takeover, wanted, ready, wasReady, phase
            "'nothing known yet',                         false,   false,   false,      false,    false,  false, false,    Pending",
            "'first optimization',                        false,   false,   true,       false,    false,  false, false,    Optimizing",
            "'new optimization while serving',            false,   true,    true,       false,    false,  true,  true,     Optimizing",
            "'first deployment coming up',                false,   false,   false,      false,    true,   false, false,    Deploying",
            "'all replicas ready',                        false,   true,    false,      false,    true,   true,  true,     Healthy",
            "'replicas lost after being ready',           false,   true,    false,      false,    true,   false, true,     Degraded",
            "'new revision coming up beside stable',      false,   true,    false,      true,     false,  true,  true,     Progressing",
            "'failed, nothing serving',                   true,    false,   false,      false,    false,  false, false,    Failed",
            "'failed while an older revision serves',     true,    true,    false,      false,    false,  true,  true,     Degraded",
            "'invalid spec while serving',                true,    true,    false,      false,    true,   true,  true,     Degraded",
    })
    void phase(String description, boolean stalled, boolean serving, boolean optimizing, boolean takeover,
               boolean wanted, boolean ready, boolean wasReady, Phase expected) {
        assertThat(PhaseFunction.phase(new PhaseFunction.Facts(stalled, serving, optimizing, takeover, wanted, ready,
                wasReady))).isEqualTo(expected);
    }
}
