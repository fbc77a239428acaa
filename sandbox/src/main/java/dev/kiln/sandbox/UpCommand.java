package dev.kiln.sandbox;

import picocli.CommandLine;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Starts the sandbox stack and keeps it running until Ctrl-C or SIGTERM. */
@CommandLine.Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the sandbox: API server on 127.0.0.1 with Kiln's CRDs and the simulated nodes, the operator, "
                + "real processes for the runtime image's pods, and the gateway.")
public class UpCommand implements Callable<Integer> {

    @CommandLine.Option(names = "--kubeconfig", required = true,
            description = "Where to write the kubeconfig for kubectl and the operator.")
    Path kubeconfig;

    @CommandLine.Mixin
    StackOptions stackOptions;

    @Override
    public Integer call() throws InterruptedException {
        SandboxStack.Settings settings = stackOptions.settings(kubeconfig);
        CountDownLatch stopped = new CountDownLatch(1);
        StopOnExit stop = StopOnExit.register();
        // Runs last on shutdown (added first): the main thread waits for it.
        stop.add(stopped::countDown);
        SandboxStack stack = stop.add(SandboxStack.start(settings, line -> {
            System.out.println(line);
            System.out.flush();
        }));
        System.out.println("try: kubectl --kubeconfig " + kubeconfig + " get nodes");
        // Scripts wait for this line: everything is up once it is printed.
        System.out.println("gateway: " + stack.gateway().url());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
