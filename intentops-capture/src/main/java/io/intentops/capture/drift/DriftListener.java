package io.intentops.capture.drift;

/**
 * Receives every closed window of a {@link LiveDriftMonitor}, on the thread that closed it (the capture
 * pipeline's worker). Implementations must be quick and must not throw; an exception is logged and
 * ignored.
 */
@FunctionalInterface
public interface DriftListener {
  /** A window closed; {@link DriftWindow#statusChanged()} tells whether the status moved. */
  void onWindow(DriftWindow window);
}
