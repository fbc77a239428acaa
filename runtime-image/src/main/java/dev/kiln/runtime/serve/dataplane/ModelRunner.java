package dev.kiln.runtime.serve.dataplane;

import dev.kiln.runtime.serve.tensor.Tensor;

import java.util.Map;
import java.util.Set;

/** Runs the model once on a set of inputs. */
@FunctionalInterface
public interface ModelRunner {
    Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) throws Exception;
}
