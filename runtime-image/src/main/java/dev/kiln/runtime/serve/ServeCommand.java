package dev.kiln.runtime.serve;

import picocli.CommandLine;

import java.util.concurrent.Callable;

/** Placeholder until the inference server lands. */
@CommandLine.Command(name = "serve", description = "Serve an ONNX model (not implemented yet).")
public class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("serve is not implemented yet");
        return 1;
    }
}
