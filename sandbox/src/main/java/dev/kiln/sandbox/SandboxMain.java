package dev.kiln.sandbox;

import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/** The sandbox executable: {@code up} starts a sandbox cluster and runs until stopped; {@code load} sends it requests. */
@QuarkusMain
@CommandLine.Command(name = "kiln-sandbox", mixinStandardHelpOptions = true,
        subcommands = {UpCommand.class, LoadCommand.class, dev.kiln.sandbox.demo.DemoCommand.class},
        description = "Kiln's whole job on one machine, no cluster needed.")
public class SandboxMain {

    public static void main(String... args) {
        CommandLine commandLine = new CommandLine(new SandboxMain());
        // Bad input (a missing CRD folder, a broken nodes file) is reported as one clear line, not a stack trace.
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(commandLine.execute(args));
    }
}
