package dev.kiln.contract;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OptimizationPlanTest {

    @Test
    void sampleReadsWithEveryPart() throws Exception {
        OptimizationPlan plan = Contracts.sample("optimization-plan-v1.json", OptimizationPlan.class);

        assertEquals(OptimizationPlan.API_VERSION, plan.apiVersion());
        assertEquals("text-orientation", plan.model().name());
        assertEquals(1, plan.candidates().size());
        assertEquals(Preprocessing.Resize.FIT_PAD, plan.validation().preprocessing().resize().mode());
        assertEquals(Preprocessing.BGR, plan.calibration().preprocessing().channelOrder());
        assertEquals(0.01, plan.goals().maxAccuracyDrop());
        assertEquals(99, plan.goals().latencyPercentile());

        String json = Contracts.mapper().writeValueAsString(plan);
        assertEquals(plan, Contracts.mapper().readValue(json, OptimizationPlan.class));
    }
}
