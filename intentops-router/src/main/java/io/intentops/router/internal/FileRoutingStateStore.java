package io.intentops.router.internal;

import io.intentops.core.ModelManifests;
import io.intentops.core.StoreException;
import io.intentops.router.RoutingState;
import io.intentops.router.RoutingStateStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link RoutingStateStore} as one JSON file shared by processes on one host. Reads need no lock
 * (writes are atomic renames, so a reader sees a whole old or a whole new file). A compare-and-set
 * takes a JVM-wide lock for the path (file locks are per process) and then an exclusive {@link
 * FileLock} on {@code <file>.lock}, re-reads the revision, and writes with {@link
 * ModelManifests#writeAtomically}. Thread-safe.
 */
public final class FileRoutingStateStore implements RoutingStateStore {
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final Path lockFile;

  public FileRoutingStateStore(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
  }

  @Override
  public Optional<RoutingState> load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("Cannot read routing state " + file + ": " + e.getMessage(), e);
    }
    return Optional.of(StateStores.fromJson(bytes, file.toString()));
  }

  @Override
  public boolean compareAndSet(long expectedRevision, RoutingState next) {
    StateStores.checkNext(expectedRevision, next, this);
    byte[] json = StateStores.toJson(next);
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(file, p -> new ReentrantLock());
    jvmLock.lock();
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = ch.lock(); // blocks until other processes release it
        try {
          long current = load().map(RoutingState::revision).orElse(0L);
          if (current != expectedRevision) {
            return false;
          }
          deleteStaleTempFiles();
          ModelManifests.writeAtomically(file, json);
          return true;
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw new StoreException("Cannot lock routing state " + lockFile + ": " + e.getMessage(), e);
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * Why: a writer killed between creating its temp file and renaming it leaves {@code .<file>.*.tmp}
   * behind (found by intentops-reliability's CrashConsistencyTest). Temp files are only created under
   * the exclusive lock we hold, so any that exists now belongs to a dead writer.
   */
  private void deleteStaleTempFiles() throws IOException {
    String prefix = "." + file.getFileName() + ".";
    try (java.nio.file.DirectoryStream<Path> tmp = Files.newDirectoryStream(file.getParent(), prefix + "*.tmp")) {
      for (Path t : tmp) {
        Files.deleteIfExists(t);
      }
    }
  }

  @Override
  public String describe() {
    return "routing state file " + file;
  }
}
