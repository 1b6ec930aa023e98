package io.klarsyn.metrics.clv.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Fork/join of a few coarse tasks on the common pool, for the stages of the CLV computation that are
 * independent. A task's exception — the engine's cancellation included — is rethrown unchanged by
 * {@link Task#join()}.
 */
final class Parallel {

    private Parallel() {
    }

    /** A running task. */
    static final class Task<T> {
        private final CompletableFuture<T> future;

        private Task(CompletableFuture<T> future) {
            this.future = future;
        }

        /** Waits for the task; rethrows what it threw. */
        T join() {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                throw new java.util.concurrent.CancellationException("interrupted while waiting for a CLV task");
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof CompletionException && c.getCause() != null) {
                    c = c.getCause();
                }
                if (c instanceof RuntimeException r) {
                    throw r;
                }
                if (c instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(c);
            }
        }
    }

    /** Starts {@code work} on another thread. */
    static <T> Task<T> fork(Callable<T> work) {
        return new Task<>(CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }));
    }
}
