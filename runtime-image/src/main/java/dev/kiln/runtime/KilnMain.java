package dev.kiln.runtime;

import dev.kiln.contract.RuntimeContract;
import dev.kiln.runtime.optimize.OptimizeCommand;
import dev.kiln.runtime.optimize.dataset.DatasetCommand;
import dev.kiln.runtime.serve.ServeCommand;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * The runtime image's one executable. {@code serve} boots Quarkus (HTTP, metrics); {@code optimize} is a
 * batch command that runs without booting the HTTP server, so a Job never binds a port.
 */
@QuarkusMain
@CommandLine.Command(name = "kiln-runtime", mixinStandardHelpOptions = true,
        subcommands = {ServeCommand.class, OptimizeCommand.class, DatasetCommand.class},
        description = "Kiln runtime: '" + RuntimeContract.SERVE + "' an ONNX model over the Open Inference Protocol, or '"
                + RuntimeContract.OPTIMIZE + "' it for a target.")
public class KilnMain {

    public static void main(String... args) {
        int exitCode = new CommandLine(new KilnMain()).execute(args);
        System.exit(exitCode);
    }
}
