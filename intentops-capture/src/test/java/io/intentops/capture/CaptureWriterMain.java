package io.intentops.capture;

import java.nio.file.Path;

/** Child JVM of the kill -9 test: captures through a pipeline into a directory until it is killed. */
public final class CaptureWriterMain {
  private CaptureWriterMain() {}

  public static void main(String[] args) throws InterruptedException {
    JsonlFileSink sink = JsonlFileSink.builder(Path.of(args[0])).fsync(false).maxFileBytes(512 * 1024).build();
    CapturePipeline p = CapturePipeline.builder().sink(sink).queueCapacity(100_000).batchSize(64).build();
    String text = "please move 50 euros to my savings account and call me on +44 20 7946 0958 afterwards";
    for (long i = 0; ; i++) {
      p.accept(Fixtures.record("k" + i, java.time.Instant.now(), text, "transfer", 0.9, false));
      if (i % 1000 == 999) {
        Thread.sleep(1); // lets the queue drain, so ids stay consecutive (no drops)
      }
    }
  }
}
