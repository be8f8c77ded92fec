package io.intentops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumTest {

  @Test
  void knownVectors() {
    // FIPS 180-2 test vectors.
    assertThat(Checksum.sha256("abc").hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Checksum.sha256(new byte[0]).hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Property
  void streamFileAndBytesAgree(@ForAll byte[] data) throws Exception {
    Checksum a = Checksum.sha256(data);
    assertThat(Checksum.sha256(new ByteArrayInputStream(data))).isEqualTo(a);
    assertThat(Checksum.parse(a.hex().toUpperCase())).isEqualTo(a);
    assertThat(Checksum.parse("sha256:" + a.hex())).isEqualTo(a);
    assertThat(a.matches(Checksum.sha256(data))).isTrue();
  }

  @Test
  void fileDigest(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.bin");
    Files.writeString(f, "abc");
    assertThat(Checksum.sha256(f)).isEqualTo(Checksum.sha256("abc"));
  }

  @Test
  void rejectsBadHex() {
    assertThatThrownBy(() -> Checksum.parse("abc")).isInstanceOf(InvalidInputException.class).hasMessageContaining("'abc'");
    assertThatThrownBy(() -> Checksum.parse("z".repeat(64))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Checksum.parse(null)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void digestMismatchMessageNamesFileAndBothDigests() {
    Checksum a = Checksum.sha256("a");
    Checksum b = Checksum.sha256("b");
    ModelIntegrityException e = ModelIntegrityException.digestMismatch("weights.safetensors", a, b);
    assertThat(e.getMessage()).contains("weights.safetensors", a.hex(), b.hex());
  }
}
