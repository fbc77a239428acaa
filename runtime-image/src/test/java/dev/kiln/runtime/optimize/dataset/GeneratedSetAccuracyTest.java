package dev.kiln.runtime.optimize.dataset;

import dev.kiln.contract.DataSet;
import dev.kiln.runtime.optimize.RealModels;
import dev.kiln.runtime.optimize.data.DataSetLoader;
import dev.kiln.runtime.optimize.data.InputSpec;
import dev.kiln.runtime.optimize.data.Samples;
import dev.kiln.runtime.optimize.measure.ModelRunner;
import dev.kiln.runtime.optimize.measure.OutputComparison;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated set and the PaddleOCR preprocessing together must let the real classifier read orientation
 * almost perfectly; a low figure means the rendering or the preprocessing is off.
 */
class GeneratedSetAccuracyTest {

    @Test
    void realClassifierReadsTheGeneratedSetInFloat32() throws Exception {
        Path folder = RealModels.textOrientation(400, 1);
        Samples samples = DataSetLoader.load(new DataSet(folder.toString(), DataSet.IMAGE_FOLDER, null,
                RealModels.PADDLE_CLS, null), "validation", new InputSpec("x", new long[]{-1, 3, 48, 192}));

        float[][] outputs = new ModelRunner("cpu", 1, 0, 1).outputs(RealModels.classifier(), samples);
        double accuracy = OutputComparison.accuracy(outputs, samples.labels());

        System.out.println("float32 top-1 accuracy on 400 generated lines: " + accuracy);
        assertThat(samples.size()).isEqualTo(400);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.97);
    }
}
