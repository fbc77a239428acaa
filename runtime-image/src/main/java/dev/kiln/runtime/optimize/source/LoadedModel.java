package dev.kiln.runtime.optimize.source;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.optimize.data.InputSpec;

import java.nio.file.Path;

/**
 * A model file the optimizer has on local disk, verified and parsed.
 *
 * @param name      the name variants of this model carry
 * @param file      where it is on disk
 * @param sha256    hex digest of the file
 * @param sizeBytes file size
 * @param proto     the parsed graph
 * @param input     its single input
 */
public record LoadedModel(String name, Path file, String sha256, long sizeBytes, OnnxMl.ModelProto proto,
                         InputSpec input) {
}
