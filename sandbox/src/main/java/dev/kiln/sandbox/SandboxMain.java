package dev.kiln.sandbox;

import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/** The sandbox executable: {@code up} starts a sandbox cluster and runs until stopped. */
@QuarkusMain
@CommandLine.Command(name = "kiln-sandbox", mixinStandardHelpOptions = true, subcommands = {UpCommand.class},
        description = "Kiln's whole job on one machine, no cluster needed.")
public class SandboxMain {

    public static void main(String... args) {
        System.exit(new CommandLine(new SandboxMain()).execute(args));
    }
}
