package io.intentops.train.intent;

import io.intentops.core.Checksum;
import io.intentops.core.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * On-disk cache of text embeddings for one encoder configuration, so repeated training runs (sweeps,
 * the near-OOS protocol's draws) embed each distinct text once. One append-only file per encoder
 * digest, pooling and token limit: an 8-byte header ({@code IOEMB1}, dimension as int32 little endian),
 * then records of the text's SHA-256 (32 bytes) and {@code dim} float32 values. A record is appended
 * with one write and the file forced after each batch; a trailing partial record (a run killed
 * mid-write) is ignored on load, so a crash loses at most the last batch. One writer at a time;
 * not thread-safe. The cached values are bit-identical to the encoder's, so training results do not
 * depend on whether the cache was warm.
 */
final class EmbeddingStore implements AutoCloseable {
  private static final byte[] MAGIC = {'I', 'O', 'E', 'M', 'B', '1'};

  private final Map<String, float[]> byText = new HashMap<>();
  private final @Nullable FileChannel out;
  private int dim;

  private EmbeddingStore(@Nullable FileChannel out, int dim) {
    this.out = out;
    this.dim = dim;
  }

  /** An in-memory store (nothing is written). */
  static EmbeddingStore memory() {
    return new EmbeddingStore(null, 0);
  }

  /** Opens (or creates) the store of one encoder configuration under {@code dir}. */
  static EmbeddingStore open(Path dir, Checksum encoderSha, String pooling, int maxTokens) {
    String key = sha(encoderSha.hex() + "|" + pooling + "|" + maxTokens).substring(0, 16);
    Path file = dir.resolve("embeddings-" + key + ".bin");
    try {
      Files.createDirectories(dir);
      int dim = 0;
      Map<String, float[]> loaded = new HashMap<>();
      if (Files.exists(file) && Files.size(file) >= 12) {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        all.get(magic);
        all.getShort();
        if (!java.util.Arrays.equals(magic, MAGIC)) {
          throw new StoreException("Not an embedding cache: " + file);
        }
        dim = all.getInt();
        int record = 32 + 4 * dim;
        byte[] h = new byte[32];
        while (all.remaining() >= record) {
          all.get(h);
          float[] v = new float[dim];
          all.asFloatBuffer().get(v);
          all.position(all.position() + 4 * dim);
          loaded.put(HexFormat.of().formatHex(h), v);
        }
      }
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      long valid = dim == 0 ? 0 : 12 + (long) loaded.size() * (32 + 4L * dim);
      ch.truncate(Math.max(valid, 0)); // drops a partial trailing record
      ch.position(ch.size());
      EmbeddingStore s = new EmbeddingStore(ch, dim);
      s.byText.putAll(loaded);
      return s;
    } catch (IOException e) {
      throw new StoreException("Cannot open embedding cache " + file + ": " + e.getMessage(), e);
    }
  }

  /** The cached embedding of {@code text}, or null. */
  float @Nullable [] get(String text) {
    return byText.get(sha(text));
  }

  /** Adds embeddings (same order as {@code texts}) and appends them to the file. */
  void putAll(List<String> texts, float[][] vectors) {
    if (vectors.length == 0) {
      return;
    }
    int d = vectors[0].length;
    try {
      if (out != null && dim == 0) {
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putShort((short) 0).putInt(d).flip();
        out.position(0);
        while (head.hasRemaining()) {
          out.write(head);
        }
        dim = d;
      }
      if (d != dim && out != null) {
        throw new StoreException("Embedding cache holds " + dim + "-dimensional vectors, got " + d);
      }
      ByteBuffer buf = ByteBuffer.allocate(texts.size() * (32 + 4 * d)).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < texts.size(); i++) {
        String h = sha(texts.get(i));
        if (byText.putIfAbsent(h, vectors[i]) == null) {
          buf.put(HexFormat.of().parseHex(h));
          for (float f : vectors[i]) {
            buf.putFloat(f);
          }
        }
      }
      buf.flip();
      if (out != null && buf.hasRemaining()) {
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        out.force(false);
      }
    } catch (IOException e) {
      throw new StoreException("Cannot append to the embedding cache: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        throw new StoreException("Cannot close the embedding cache: " + e.getMessage(), e);
      }
    }
  }

  private static String sha(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
