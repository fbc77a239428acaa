package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;

/**
 * One optimization pass: a pure transformation of an ONNX model. Passes compose in the order the plan
 * gives; each returns a new model and never changes its input.
 */
public interface ModelPass {

    /** The name used in plans and reports: {@code graph}, {@code int8-dynamic}, ... */
    String name();

    OnnxMl.ModelProto apply(OnnxMl.ModelProto model, PassContext context) throws PassException;
}
