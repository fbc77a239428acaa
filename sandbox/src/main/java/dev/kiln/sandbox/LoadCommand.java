package dev.kiln.sandbox;

import dev.kiln.sandbox.load.LoadCounts;
import dev.kiln.sandbox.load.LoadGenerator;
import dev.kiln.sandbox.load.LoadStats;
import dev.kiln.sandbox.load.RunLength;
import dev.kiln.sandbox.load.SampleSet;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Sends inference requests through the gateway at a set rate and prints what came back, a line per second. */
@CommandLine.Command(name = "load", mixinStandardHelpOptions = true,
        description = "Send real OIP inference requests (text-line images from --samples) through the sandbox gateway "
                + "at a set rate; print a line per second and a summary with the success rate.")
public class LoadCommand implements Callable<Integer> {

    @CommandLine.Option(names = "--gateway", required = true, description = "The gateway's base URL, as 'up' prints it.")
    URI gateway;

    @CommandLine.Option(names = "--model", required = true, description = "spec.model.name of the ModelDeployment.")
    String model;

    @CommandLine.Option(names = "--deployment",
            description = "<namespace>/<name> of the ModelDeployment, sent as the Kiln-Deployment header (needed when "
                    + "several serve the same model name).")
    String deployment;

    @CommandLine.Option(names = "--samples", required = true,
            description = "Image folder with one sub-folder per class (0/, 1/), as 'dataset text-orientation --out' writes it.")
    Path samples;

    @CommandLine.Option(names = "--rate", defaultValue = "10", description = "Requests per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @CommandLine.Option(names = "--duration", description = "How long to send: 30s, 2m, 1h (default: until Ctrl-C).")
    String duration;

    @CommandLine.Option(names = "--concurrency", defaultValue = "16",
            description = "Requests in flight at most; one falling due beyond it is skipped and counted (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @CommandLine.Option(names = "--timeout", defaultValue = "10s", description = "Per request (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() throws InterruptedException {
        LoadGenerator.Settings settings = new LoadGenerator.Settings(gateway, model, deployment, rate,
                duration == null ? null : RunLength.parse("--duration", duration), concurrency,
                RunLength.parse("--timeout", timeout));
        var sampleSet = SampleSet.load(samples);
        System.out.printf(Locale.ROOT, "sending %s requests/s to %s (%d samples, at most %d in flight)%s%n",
                rate, settings.gateway(), sampleSet.size(), concurrency,
                duration == null ? ", until Ctrl-C" : ", for " + duration);
        LoadGenerator generator = LoadGenerator.start(settings, sampleSet);
        CountDownLatch summarized = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            generator.close();
            try {
                summarized.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "load-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);

        // A second's line is printed once the next one is well under way, so requests sent near its end are in.
        int printed = 0;
        long start = System.nanoTime();
        while (!generator.awaitFinished(Duration.ofMillis(100))) {
            long elapsedSeconds = (System.nanoTime() - start - 300_000_000L) / 1_000_000_000L;
            while (printed < elapsedSeconds) {
                printSecond(generator.stats(), printed++);
            }
        }
        while (printed < generator.stats().secondsSeen()) {
            printSecond(generator.stats(), printed++);
        }
        LoadCounts total = generator.stats().total();
        System.out.println("total: " + total.describe());
        System.out.println(String.format(Locale.ROOT, "success rate: %s (%d ok of %d finished)",
                Double.isNaN(total.successRate()) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * total.successRate()),
                total.ok(), total.ok() + total.failed()));
        System.out.println("answers matching the sample's label: " + total.labelMatches() + " of " + total.ok());
        System.out.flush();
        generator.close();
        summarized.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(onCtrlC);
        } catch (IllegalStateException e) {
            // already shutting down (Ctrl-C): the hook is what let this summary print
        }
        return total.ok() > 0 ? 0 : 1;
    }

    private static void printSecond(LoadStats stats, int second) {
        System.out.printf(Locale.ROOT, "[%4ds] %s%n", second + 1, stats.second(second).describe());
        System.out.flush();
    }
}
