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
        histogram.add(values);
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
        histogram.addMagnitudes(values, false);
        double threshold = histogram.klThreshold(128);
        assertThat(threshold).as("well below the outlier, above the bulk of a unit normal").isBetween(2.5, 10.0);
    }

    @Test
    void exactZerosDoNotCountForEntropy() {
        Histogram histogram = new Histogram(0, 1);
        histogram.addMagnitudes(new float[] {0f, 0f, 0f, 0.5f, -0.25f}, false);
        assertThat(histogram.total).isEqualTo(1);
    }

    @Test
    void entropyGivesEachSideItsOwnThreshold() {
        // HardSwish-like: a long positive tail, a small negative side (-0.375): the range must stay asymmetric
        // (not [-t, t]) and clip the positive outlier.
        SplittableRandom random = new SplittableRandom(2);
        float[] values = new float[100_000];
        for (int i = 0; i < values.length; i++) {
            double x = random.nextGaussian();
            values[i] = (float) (x > 0 ? 2 * x : -0.375 * Math.min(1, -x));
        }
        values[0] = 20f;
        Histogram positive = new Histogram(0, 20);
        Histogram negative = new Histogram(0, 0.375);
        positive.addMagnitudes(values, false);
        negative.addMagnitudes(values, true);
        Range range = ActivationCalibrator.entropyRange(-0.375f, 20f, positive, negative);
        assertThat(range.min()).isBetween(-0.375f, -0.2f);
        assertThat(range.max()).as("clips the outlier, keeps the bulk of 2|N(0,1)|").isBetween(4f, 19f);

        float[] negatives = new float[1_000];
        for (int i = 0; i < negatives.length; i++) {
            negatives[i] = -0.78f - i / 1000f;
        }
        Histogram negativeSide = new Histogram(0, 1.78);
        negativeSide.addMagnitudes(negatives, true);
        Range allNegative = ActivationCalibrator.entropyRange(-1.78f, -0.78f, new Histogram(0, 0), negativeSide);
        assertThat(allNegative.max()).as("a negative tensor is quantized over [min, 0], not [-t, t]").isZero();
        assertThat(allNegative.min()).isBetween(-1.78f, -1.5f);
    }

    @Test
    void calibrationMethodsParseCaseInsensitively() {
        assertThat(CalibrationMethod.parse("Entropy")).isEqualTo(CalibrationMethod.ENTROPY);
        assertThat(new Range(0.5f, 2f).min()).as("ranges always include zero").isZero();
    }
}
