package io.klarsyn.metrics.clv.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fork/join of a few coarse tasks on the common pool, for the stages of the CLV computation that are
 * independent. A task's exception — the engine's cancellation and an {@link IOException} included — is
 * rethrown unchanged by {@link Task#join()}.
 *
 * <p>A task that no thread has started when it is joined runs in the joining thread: on two cores the
 * common pool has one worker, and a caller that waited for a task queued behind the worker's current one
 * would leave a core idle.
 */
final class Parallel {

    private Parallel() {
    }

    /** A forked task. */
    static final class Task<T> {
        private final Callable<T> work;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<T> future = new CompletableFuture<>();

        private Task(Callable<T> work) {
            this.work = work;
        }

        private void runIfUnclaimed() {
            if (claimed.compareAndSet(false, true)) {
                try {
                    future.complete(work.call());
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            }
        }

        /** Waits for the task, or runs it here if no thread has started it; rethrows what it threw. */
        T join() {
            runIfUnclaimed();
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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
                if (c instanceof IOException io) {
                    throw new UncheckedIOException(io);
                }
                throw new IllegalStateException(c);
            }
        }

        /** Like {@link #join()}, rethrowing an {@link IOException} of the task as itself. */
        T joinIo() throws IOException {
            try {
                return join();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        /** The task is no longer wanted: it never starts if it has not, else it is waited for, its outcome dropped. */
        void discard() {
            if (claimed.compareAndSet(false, true)) {
                future.cancel(false);
                return;
            }
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // dropped: the caller is already failing or returning without it
            }
        }
    }

    /** Starts {@code work} on another thread (or in the thread that joins it first). */
    static <T> Task<T> fork(Callable<T> work) {
        Task<T> t = new Task<>(work);
        CompletableFuture.runAsync(t::runIfUnclaimed);
        return t;
    }
}
