package dev.kiln.runtime.serve;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the thread that reads each request body, so a test can tell whether the server left the event loop. */
@Provider
public class BodyReadThreads implements ReaderInterceptor {

    private static final List<String> THREADS = new CopyOnWriteArrayList<>();

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        THREADS.add(Thread.currentThread().getName());
        return context.proceed();
    }

    static void clear() {
        THREADS.clear();
    }

    static List<String> recorded() {
        return List.copyOf(THREADS);
    }
}
