package dev.kiln.runtime.serve.model;

/** Loading stopped because the server is shutting down; not a fault of the model. */
public class LoadAbandonedException extends RuntimeException {
    public LoadAbandonedException() {
        super("the server is stopping; model warm-up abandoned");
    }
}
