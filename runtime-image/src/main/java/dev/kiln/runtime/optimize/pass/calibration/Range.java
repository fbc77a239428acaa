package dev.kiln.runtime.optimize.pass.calibration;

/** An activation range chosen by calibration; always contains zero so that zero is exactly representable. */
public record Range(float min, float max) {

    public Range {
        min = Math.min(min, 0f);
        max = Math.max(max, 0f);
    }
}
