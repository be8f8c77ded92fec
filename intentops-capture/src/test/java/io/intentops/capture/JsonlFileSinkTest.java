package io.intentops.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ManualClock;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.Feedback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFileSinkTest {

  @Test
  void eventsRoundTripThroughTheFiles(@TempDir Path dir) {
    ManualClock clock = ManualClock.create();
    CaptureRecord r = new CaptureRecord("id-1", clock.instant(), Fixtures.V1, "abc123", "line one\nline \"two\"",
        "card_arrival", 0.75, List.of(new io.intentops.core.ScoredLabel("card_arrival", 0.75),
            new io.intentops.core.ScoredLabel("card_linking", 0.2)), true, Double.POSITIVE_INFINITY, Duration.ofMillis(4));
    Feedback f = Feedback.correction("id-1", clock.instant(), Fixtures.V1, "card_linking");
    try (JsonlFileSink sink = JsonlFileSink.builder(dir).clock(clock).build()) {
      sink.acceptAll(List.of(r, f, Feedback.thumbsDown("id-2", clock.instant(), Fixtures.V2)));
    }
    CaptureFiles.Read read = CaptureFiles.read(dir);
    assertThat(read.events()).containsExactly(r, f, Feedback.thumbsDown("id-2", clock.instant(), Fixtures.V2));
    assertThat(read.tornLines()).isZero();
  }

  @Test
  void captureFilesAreOwnerOnly(@TempDir Path tmp) throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path dir = tmp.resolve("capture");
    try (JsonlFileSink sink = JsonlFileSink.builder(dir).build()) {
      sink.accept(Fixtures.record("a", Instant.EPOCH, "t", "x", 0.5, false));
    }
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(CaptureFiles.list(dir).get(0)))).isEqualTo("rw-------");
  }

  @Test
  void filesRollByIntervalAndSize(@TempDir Path dir) {
    ManualClock clock = ManualClock.create();
    try (JsonlFileSink sink = JsonlFileSink.builder(dir).clock(clock).rollInterval(Duration.ofHours(1))
        .maxFileBytes(4096).build()) {
      for (int i = 0; i < 100; i++) {
        sink.accept(Fixtures.record("r" + i, clock.instant(), "some text " + i, "a", 0.5, false));
      }
      clock.advance(Duration.ofHours(1));
      sink.accept(Fixtures.record("next-hour", clock.instant(), "t", "a", 0.5, false));
    }
    List<Path> files = CaptureFiles.list(dir);
    assertThat(files.size()).isGreaterThan(2);
    assertThat(files.get(0).getFileName().toString()).isEqualTo("capture-20250101T000000Z-0000.jsonl");
    assertThat(files.get(files.size() - 1).getFileName().toString()).isEqualTo("capture-20250101T010000Z-0000.jsonl");
    assertThat(CaptureFiles.read(dir).events()).hasSize(101);
  }

  @Test
  void retentionPurgeRemovesOldRecordsOnly(@TempDir Path dir) {
    ManualClock clock = ManualClock.create();
    try (JsonlFileSink sink = JsonlFileSink.builder(dir).clock(clock).retention(Duration.ofDays(30)).build()) {
      for (int i = 0; i < 40; i++) {
        sink.accept(Fixtures.record("old" + i, clock.instant(), "t", "a", 0.5, false));
      }
      clock.advance(Duration.ofDays(29));
      for (int i = 0; i < 7; i++) {
        sink.accept(Fixtures.record("recent" + i, clock.instant(), "t", "a", 0.5, false));
      }
      assertThat(sink.purge()).as("nothing is 30 days old yet").isZero();
      clock.advance(Duration.ofDays(1).plusHours(1));
      sink.accept(Fixtures.record("new", clock.instant(), "t", "a", 0.5, false));
      assertThat(sink.purge()).isEqualTo(40);
      assertThat(CaptureFiles.read(dir).events()).extracting(CaptureEvent::requestId)
          .noneMatch(id -> id.startsWith("old")).hasSize(8);
      clock.advance(Duration.ofDays(60));
      // The current file survives even when expired: it is still open.
      assertThat(sink.purge()).isEqualTo(7);
      assertThat(CaptureFiles.read(dir).events()).extracting(CaptureEvent::requestId).containsExactly("new");
    }
  }

  @Test
  void aTornLastLineIsSkippedByReadersAndRepairedOnReopen(@TempDir Path dir) throws IOException {
    ManualClock clock = ManualClock.create();
    try (JsonlFileSink sink = JsonlFileSink.builder(dir).clock(clock).build()) {
      sink.accept(Fixtures.record("a", clock.instant(), "t", "x", 0.5, false));
    }
    Path file = CaptureFiles.list(dir).get(0);
    Files.writeString(file, "{\"type\":\"prediction\",\"requestId\":\"b\",\"ti", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    CaptureFiles.Read torn = CaptureFiles.read(dir);
    assertThat(torn.events()).extracting(CaptureEvent::requestId).containsExactly("a");
    assertThat(torn.tornLines()).isEqualTo(1);
    try (JsonlFileSink sink = JsonlFileSink.builder(dir).clock(clock).build()) {
      sink.accept(Fixtures.record("c", clock.instant(), "t", "x", 0.5, false));
    }
    CaptureFiles.Read repaired = CaptureFiles.read(dir);
    assertThat(repaired.events()).extracting(CaptureEvent::requestId).containsExactly("a", "c");
    assertThat(repaired.tornLines()).isZero();
  }

  @Test
  void aCorruptCompleteLineIsATypedErrorNamingFileAndLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("capture-20250101T000000Z-0000.jsonl");
    Files.writeString(f, CaptureJson.toJson(Fixtures.record("a", Instant.EPOCH, "t", "x", 0.5, false))
        + "\n{\"type\":\"prediction\",\"requestId\":\"\"}\n");
    assertThatThrownBy(() -> CaptureFiles.read(dir)).isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining(f + ":2");
  }

  @Test
  void killDashNineDuringCaptureLeavesReadableFiles(@TempDir Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        CaptureWriterMain.class.getName(), dir.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (totalBytes(dir) < 2_000_000 && System.nanoTime() < deadline && child.isAlive()) {
        Thread.sleep(20);
      }
      assertThat(child.isAlive()).as("the writer is still writing when killed").isTrue();
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
      child.waitFor(10, TimeUnit.SECONDS);
    }
    CaptureFiles.Read read = CaptureFiles.read(dir);
    assertThat(read.events().size()).isGreaterThan(1000);
    assertThat(read.tornLines()).isLessThanOrEqualTo(1);
    // Ids are consecutive: nothing before the tail is missing or out of order.
    List<String> ids = new ArrayList<>();
    read.events().forEach(e -> ids.add(e.requestId()));
    for (int i = 0; i < ids.size(); i++) {
      assertThat(ids.get(i)).isEqualTo("k" + i);
    }
    // A restarted writer repairs the tail and appends cleanly.
    try (JsonlFileSink sink = JsonlFileSink.builder(dir).fsync(false).build()) {
      sink.accept(Fixtures.record("after-restart", Instant.now(), "t", "x", 0.5, false));
    }
    CaptureFiles.Read again = CaptureFiles.read(dir);
    assertThat(again.tornLines()).isZero();
    assertThat(again.events().get(again.events().size() - 1).requestId()).isEqualTo("after-restart");
  }

  private static long totalBytes(Path dir) throws IOException {
    long n = 0;
    for (Path p : CaptureFiles.list(dir)) {
      n += Files.size(p);
    }
    return n;
  }
}
