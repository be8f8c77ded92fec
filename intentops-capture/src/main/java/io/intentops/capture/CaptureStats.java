package io.intentops.capture;

/**
 * Counters of a {@link CapturePipeline} since it was built. Every offered event ends in exactly one of
 * sampled out, dropped, redaction failure or delivered (once the queue has drained), so
 * {@code offered == sampledOut + dropped + redactionFailures + delivered + queued}.
 *
 * @param offered events handed to {@link CapturePipeline#accept}
 * @param sampledOut predictions skipped by sampling (feedback is never sampled)
 * @param dropped events refused because the queue was full or the pipeline was closed
 * @param redactionFailures events discarded because redaction threw (never written unredacted)
 * @param delivered events handed to the sinks after redaction
 * @param sinkFailures batch deliveries that a sink failed (counted once per sink and batch)
 * @param queued events waiting in the queue now
 */
public record CaptureStats(long offered, long sampledOut, long dropped, long redactionFailures, long delivered,
    long sinkFailures, long queued) {}
