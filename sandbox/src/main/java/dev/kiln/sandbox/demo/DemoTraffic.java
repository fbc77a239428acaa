package dev.kiln.sandbox.demo;

/** The inference load the demo keeps sending through the gateway while the revisions roll. */
public interface DemoTraffic extends AutoCloseable {

    /** Starts sending to the model through the gateway at this base URL. */
    void start(String gatewayUrl);

    /** One line: requests sent, answered, failed, latency. */
    String describe();

    long sent();

    long failed();

    @Override
    void close();
}
