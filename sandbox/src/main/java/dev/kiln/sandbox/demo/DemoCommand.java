package dev.kiln.sandbox.demo;

import dev.kiln.sandbox.StackOptions;
import dev.kiln.sandbox.StopOnExit;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The README's main command: starts the sandbox, serves the quickstart's first revision, then rolls out a
 * regressing revision (rolled back) and a good one (promoted) under load, showing each step as it happens.
 */
@CommandLine.Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the quickstart on a sandbox: examples/quickstart.yaml, then its revisions 2 (rolled back) "
                + "and 3 (promoted) under load through the gateway. Exit code 0 when all of that happened, 1 when not, "
                + "130 after Ctrl-C. Run it from the repository root.")
public class DemoCommand implements Callable<Integer> {

    static final int NOT_AS_EXPECTED = 1;
    static final int INTERRUPTED = 130;

    @CommandLine.Option(names = "--kubeconfig",
            description = "Where to write the sandbox's kubeconfig (default: kiln-demo/kubeconfig in the temporary folder).")
    Path kubeconfig = Path.of(System.getProperty("java.io.tmpdir"), "kiln-demo", "kubeconfig");

    @CommandLine.Option(names = "--model",
            description = "The PP-OCR text-orientation model (default: the cache of build-tools/fetch-models.sh).")
    Path model = Path.of(System.getProperty("user.home"), ".cache", "kiln", "models", "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    @CommandLine.Option(names = "--rate", defaultValue = "16",
            description = "Inference requests per second through the gateway (default: ${DEFAULT-VALUE}).")
    double rate;

    @CommandLine.Option(names = "--validation-images", defaultValue = "60",
            description = "Size of the generated validation set (default: ${DEFAULT-VALUE}).")
    int validationImages;

    @CommandLine.Mixin
    StackOptions stackOptions;

    @Override
    public Integer call() throws InterruptedException {
        QuickstartDemo.Options options = new QuickstartDemo.Options(model, rate, validationImages, DemoRun.Timing.standard());
        try (StopOnExit stop = StopOnExit.register()) {
            QuickstartDemo.Result result = QuickstartDemo.run(stackOptions.settings(kubeconfig), options, System.out, stop);
            if (result.interrupted()) {
                return INTERRUPTED;
            }
            return result.asExpected() ? 0 : NOT_AS_EXPECTED;
        }
    }
}
