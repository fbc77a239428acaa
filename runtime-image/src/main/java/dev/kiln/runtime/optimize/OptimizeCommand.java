package dev.kiln.runtime.optimize;

import picocli.CommandLine;

import java.util.concurrent.Callable;

/** Placeholder until the optimizer lands. */
@CommandLine.Command(name = "optimize", description = "Optimize an ONNX model (not implemented yet).")
public class OptimizeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("optimize is not implemented yet");
        return 1;
    }
}
