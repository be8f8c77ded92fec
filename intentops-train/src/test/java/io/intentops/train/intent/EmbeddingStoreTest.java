package io.intentops.train.intent;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Checksum;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingStoreTest {
  @TempDir Path dir;

  @Test
  void reopenedStoreReturnsTheSameBitsAndDropsAPartialTrailingRecord() throws Exception {
    Checksum enc = Checksum.sha256("encoder");
    try (EmbeddingStore s = EmbeddingStore.open(dir, enc, "mean", 128)) {
      s.putAll(List.of("a", "b"), new float[][] {{1f, -0f, Float.MIN_VALUE}, {2f, 3f, 4f}});
      s.putAll(List.of("a"), new float[][] {{9f, 9f, 9f}}); // already cached: ignored
    }
    Path file;
    try (var files = Files.list(dir)) {
      file = files.findFirst().orElseThrow();
    }
    assertThat(Files.size(file)).isEqualTo(12 + 2 * (32 + 12));
    // a run killed mid-append leaves part of a record behind
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[17]));
    }
    try (EmbeddingStore s = EmbeddingStore.open(dir, enc, "mean", 128)) {
      assertThat(s.get("a")).containsExactly(1f, -0f, Float.MIN_VALUE);
      assertThat(s.get("b")).containsExactly(2f, 3f, 4f);
      assertThat(s.get("c")).isNull();
      s.putAll(List.of("c"), new float[][] {{5f, 6f, 7f}});
    }
    try (EmbeddingStore s = EmbeddingStore.open(dir, enc, "mean", 128)) {
      assertThat(s.get("c")).containsExactly(5f, 6f, 7f);
    }
    assertThat(Files.size(file)).isEqualTo(12 + 3 * (32 + 12));
    // another encoder configuration has its own file
    try (EmbeddingStore s = EmbeddingStore.open(dir, enc, "cls", 128)) {
      assertThat(s.get("a")).isNull();
    }
  }
}
