package io.intentops.spring.boot.autoconfigure;

/**
 * Runs the warm-up task. Not a {@link java.util.concurrent.Executor} on purpose: a bean of that type
 * would make Boot's own {@code applicationTaskExecutor} back off. The default starts one daemon thread;
 * define a bean of this type to run it elsewhere (tests hold it to observe readiness DOWN). Thread-safe.
 */
@FunctionalInterface
public interface IntentOpsWarmupExecutor {

  /** Runs {@code warmup} asynchronously. */
  void execute(Runnable warmup);

  /** The default: a new daemon thread named {@code intentops-warmup}. */
  static IntentOpsWarmupExecutor newThread() {
    return r -> {
      Thread t = new Thread(r, "intentops-warmup");
      t.setDaemon(true);
      t.start();
    };
  }
}
