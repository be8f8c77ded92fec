package io.intentops.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model version in the form {@code major.minor.patch-build}, for example {@code 1.4.0-27}. All four
 * parts are non-negative decimal integers without leading zeros (a lone {@code 0} is fine).
 *
 * <p>Versions order numerically part by part: {@code 1.10.0-1 > 1.9.9-99}, and the build number
 * breaks ties. {@link #toString()} and {@link #parse(String)} are inverse. Immutable and thread-safe.
 *
 * @param major incompatible changes to labels or output semantics
 * @param minor retrained or improved model with the same label set
 * @param patch calibration or threshold changes only
 * @param build monotonically increasing build number from the training pipeline
 */
public record ModelVersion(int major, int minor, int patch, long build) implements Comparable<ModelVersion> {

  private static final Pattern FORMAT =
      Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})-(0|[1-9]\\d{0,17})");

  private static final Comparator<ModelVersion> ORDER =
      Comparator.comparingInt(ModelVersion::major)
          .thenComparingInt(ModelVersion::minor)
          .thenComparingInt(ModelVersion::patch)
          .thenComparingLong(ModelVersion::build);

  public ModelVersion {
    if (major < 0 || minor < 0 || patch < 0 || build < 0) {
      throw new InvalidInputException(
          InvalidInputException.Reason.INVALID_ARGUMENT,
          "Model version parts must be non-negative, got " + major + "." + minor + "." + patch + "-" + build);
    }
  }

  /** Creates a version from its four parts; each must be non-negative. */
  public static ModelVersion of(int major, int minor, int patch, long build) {
    return new ModelVersion(major, minor, patch, build);
  }

  /**
   * Parses {@code major.minor.patch-build}.
   *
   * @throws InvalidInputException naming the input when it is null, malformed or out of range
   */
  @JsonCreator
  public static ModelVersion parse(String text) {
    if (text == null) {
      throw new InvalidInputException(InvalidInputException.Reason.NULL, "Model version must not be null");
    }
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new InvalidInputException(
          InvalidInputException.Reason.INVALID_ARGUMENT,
          "Malformed model version '" + abbreviate(text)
              + "': expected major.minor.patch-build with non-negative integers, e.g. 1.2.0-17");
    }
    return new ModelVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)),
        Long.parseLong(m.group(4)));
  }

  /** The next build of the same {@code major.minor.patch}. */
  public ModelVersion nextBuild() {
    return new ModelVersion(major, minor, patch, Math.addExact(build, 1));
  }

  /** Whether this version is strictly newer than {@code other}. */
  public boolean isNewerThan(ModelVersion other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(ModelVersion other) {
    return ORDER.compare(this, other);
  }

  @JsonValue
  @Override
  public String toString() {
    return major + "." + minor + "." + patch + "-" + build;
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
