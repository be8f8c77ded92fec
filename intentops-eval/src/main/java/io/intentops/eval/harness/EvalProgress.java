package io.intentops.eval.harness;

/**
 * Receives progress while the harness predicts: the CLI shows a progress bar, tests count calls.
 * Called from the thread that runs the evaluation.
 */
public interface EvalProgress {
  /** Ignores everything. */
  EvalProgress NONE = new EvalProgress() {
    @Override
    public void start(String task, long total) {}

    @Override
    public void advance(long done) {}

    @Override
    public void finish() {}
  };

  /** A new task with {@code total} examples starts. */
  void start(String task, long total);

  /** {@code done} more examples are finished. */
  void advance(long done);

  /** The current task is finished. */
  void finish();
}
