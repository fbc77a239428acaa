package dev.kiln.runtime.optimize.pass.calibration;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HistogramTest {

    @Test
    void quantilesOfAUniformSpread() {
        float[] values = new float[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / 10_000f;
        }
        Histogram histogram = new Histogram(0, 1);
        histogram.add(values, false);
        assertThat(histogram.quantile(0.5)).isCloseTo(0.5, within(0.001));
        assertThat(histogram.quantile(0.99)).isCloseTo(0.99, within(0.001));
    }

    @Test
    void entropyClipsRareOutliersButKeepsTheBulk() {
        SplittableRandom random = new SplittableRandom(1);
        float[] values = new float[200_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.abs(random.nextGaussian());
        }
        values[0] = 40f; // one outlier stretches the range tenfold
        Histogram histogram = new Histogram(0, 40);
        histogram.add(values, true);
        double threshold = histogram.klThreshold(128);
        assertThat(threshold).as("well below the outlier, above the bulk of a unit normal").isBetween(2.5, 10.0);
    }

    @Test
    void exactZerosDoNotCountForEntropy() {
        Histogram histogram = new Histogram(0, 1);
        histogram.add(new float[] {0f, 0f, 0f, 0.5f}, true);
        assertThat(histogram.total).isEqualTo(1);
    }

    @Test
    void calibrationMethodsParseCaseInsensitively() {
        assertThat(CalibrationMethod.parse("Entropy")).isEqualTo(CalibrationMethod.ENTROPY);
        assertThat(new Range(0.5f, 2f).min()).as("ranges always include zero").isZero();
    }
}
