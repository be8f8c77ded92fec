package io.intentops.inference.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.Checksum;
import io.intentops.core.ModelLoadException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelResource#readAllBytes()} from a jar (deflated and stored entries) and from a file. */
class ModelResourceReadTest {
  @TempDir static Path dir;
  static byte[] data;
  static URLClassLoader loader;

  @BeforeAll
  static void jar() throws Exception {
    Random r = new Random(2025);
    data = new byte[300_017]; // more than one 8 kB chunk, not a multiple of it; half compressible
    for (int i = 0; i < data.length; i++) {
      data[i] = i % 2 == 0 ? (byte) r.nextInt(256) : (byte) (i % 7);
    }
    Path jar = dir.resolve("models.jar");
    try (OutputStream f = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(f)) {
      z.putNextEntry(new ZipEntry("m/deflated.onnx"));
      z.write(data);
      z.closeEntry();
      ZipEntry stored = new ZipEntry("m/stored.onnx");
      stored.setMethod(ZipEntry.STORED);
      stored.setSize(data.length);
      CRC32 crc = new CRC32();
      crc.update(data);
      stored.setCrc(crc.getValue());
      z.putNextEntry(stored);
      z.write(data);
      z.closeEntry();
      z.putNextEntry(new ZipEntry("m/empty.onnx"));
      z.closeEntry();
    }
    loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
  }

  @Test
  void deflatedJarEntryIsReadWhole() {
    ModelResource m = ModelResource.classpath("m/deflated.onnx", loader);
    assertThat(m.readAllBytes()).isEqualTo(data);
    assertThat(m.sha256().matches(Checksum.sha256(data))).isTrue();
  }

  @Test
  void storedJarEntryIsReadWhole() {
    assertThat(ModelResource.classpath("/m/stored.onnx", loader).readAllBytes()).isEqualTo(data);
  }

  @Test
  void emptyEntryGivesAnEmptyArray() {
    assertThat(ModelResource.classpath("m/empty.onnx", loader).readAllBytes()).isEmpty();
  }

  @Test
  void missingResourceIsATypedError() {
    assertThatThrownBy(() -> ModelResource.classpath("m/missing.onnx", loader).readAllBytes())
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("classpath:/m/missing.onnx");
  }

  @Test
  void fileIsReadWholeAndAMissingFileIsATypedError() throws Exception {
    Path f = dir.resolve("model.onnx");
    Files.write(f, data);
    assertThat(ModelResource.file(f).readAllBytes()).isEqualTo(data);
    assertThatThrownBy(() -> ModelResource.file(dir.resolve("nope.onnx")).readAllBytes())
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("nope.onnx");
  }
}
