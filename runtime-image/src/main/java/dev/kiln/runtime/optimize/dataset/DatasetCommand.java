package dev.kiln.runtime.optimize.dataset;

import picocli.CommandLine;

/** Groups the data set generators; each is a subcommand. */
@CommandLine.Command(name = "dataset", description = "Generate a labelled data set for trying the optimizer.",
        subcommands = {TextOrientationCommand.class, RandomTensorCommand.class, ResNet50Command.class}, mixinStandardHelpOptions = true)
public class DatasetCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a data set, e.g. 'dataset text-orientation'");
    }
}
