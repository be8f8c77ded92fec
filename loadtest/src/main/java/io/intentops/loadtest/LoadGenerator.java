package io.intentops.loadtest;

import io.intentops.core.ConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Open-model HTTP load generator: sends POST requests at the arrival rate of each {@link PhaseSpec},
 * whatever the server's response times, from a bounded pool of client threads using
 * {@link java.net.http.HttpClient}. Each latency runs from the request's scheduled send time (not the
 * moment a thread got round to it) to the end of the response, so queueing in a saturated client or
 * server shows up as latency instead of as a lower send rate (no coordinated omission). Latencies go
 * into an HdrHistogram per phase (microsecond resolution, 3 significant digits).
 *
 * <p>Bounded: a phase sends at most its scheduled count and stops sending after its duration plus
 * {@link #SEND_SLACK}; after the last phase the generator waits at most the request timeout plus
 * {@link #SEND_SLACK} for answers. Loopback only: the builder refuses any host that does not resolve to a
 * loopback address.
 *
 * <p>One {@link #run} at a time (it is {@code synchronized}); {@link #close()} stops the threads.
 */
public final class LoadGenerator implements AutoCloseable {
  /** Default client threads (the most requests in flight at once). */
  public static final int DEFAULT_THREADS = 32;
  /** Default capacity of the queue in front of the client threads. */
  public static final int DEFAULT_QUEUE_CAPACITY = 4_096;
  /** Default request timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Default request path. */
  public static final String DEFAULT_PATH = "/v1/intents:predict";
  /** How far past its end a phase may still send (a stalled scheduler), and the extra drain wait. */
  static final Duration SEND_SLACK = Duration.ofSeconds(5);
  /** Largest latency the histograms track: 10 minutes, in microseconds (larger values are clamped). */
  static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final URI uri;
  private final Duration requestTimeout;
  private final List<byte[]> bodies;
  private final ThreadPoolExecutor workers;
  private final ExecutorService clientExecutor;
  private final HttpClient client;
  private final AtomicLong nextBody = new AtomicLong();

  private LoadGenerator(Builder b) {
    this.uri = URI.create("http://" + hostForUri(b.host) + ":" + b.port + b.path);
    this.requestTimeout = b.requestTimeout;
    this.bodies = List.copyOf(b.bodies);
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(b.threads, b.threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(b.queueCapacity), r -> daemon(r, "loadtest-worker-" + n.incrementAndGet()),
        new ThreadPoolExecutor.AbortPolicy());
    // The HttpClient's own async work (response bodies, connection events) on a small fixed pool rather
    // than its default unbounded cached pool.
    AtomicInteger m = new AtomicInteger();
    this.clientExecutor = Executors.newFixedThreadPool(2, r -> daemon(r, "loadtest-http-" + m.incrementAndGet()));
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(b.connectTimeout)
        .executor(clientExecutor)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** A builder with the {@code DEFAULT_*} settings; {@link Builder#port} and {@link Builder#bodies} are required. */
  public static Builder custom() {
    return new Builder();
  }

  /** The target URI. */
  public URI uri() {
    return uri;
  }

  /**
   * Runs the phases back to back (the second starts when the first's schedule ends, without waiting for
   * its answers), then waits for the outstanding answers, and returns one result per phase, in order.
   * Blocks for about the sum of the phase durations plus at most the request timeout and
   * {@link #SEND_SLACK}.
   */
  public synchronized List<PhaseResult> run(List<PhaseSpec> phases) {
    if (phases.isEmpty()) {
      throw new ConfigurationException("at least one phase is required");
    }
    List<PhaseRecorder> recorders = new ArrayList<>();
    AtomicInteger inFlight = new AtomicInteger();
    long phaseStart = System.nanoTime();
    for (PhaseSpec phase : phases) {
      PhaseRecorder rec = new PhaseRecorder(phase);
      recorders.add(rec);
      Schedule s = phase.schedule();
      long sendDeadline = phaseStart + phase.duration().toNanos() + SEND_SLACK.toNanos();
      int count = s.count();
      for (int k = 0; k < count; k++) {
        long intended = phaseStart + s.offsetNanos(k);
        sleepUntil(intended);
        rec.requests.increment();
        if (System.nanoTime() > sendDeadline) {
          // The scheduler itself stalled past the phase: count the rest as client-side rejections.
          rec.rejected.add(count - k);
          rec.requests.add(count - k - 1);
          break;
        }
        byte[] body = bodies.get((int) (nextBody.getAndIncrement() % bodies.size()));
        inFlight.incrementAndGet();
        try {
          workers.execute(() -> {
            try {
              send(body, intended, rec);
            } finally {
              inFlight.decrementAndGet();
            }
          });
        } catch (RejectedExecutionException e) {
          inFlight.decrementAndGet();
          rec.rejected.increment();
        }
      }
      phaseStart += phase.duration().toNanos();
      sleepUntil(phaseStart);
      rec.loadAvgEnd = MachineInfo.loadAverage1m();
    }
    long drainDeadline = System.nanoTime() + requestTimeout.toNanos() + SEND_SLACK.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    // Requests still unanswered past the drain deadline count as timeouts of the last phase.
    int stuck = inFlight.get();
    if (stuck > 0) {
      recorders.get(recorders.size() - 1).timeouts.add(stuck);
    }
    List<PhaseResult> out = new ArrayList<>();
    for (PhaseRecorder rec : recorders) {
      out.add(rec.result());
    }
    return List.copyOf(out);
  }

  private void send(byte[] body, long intendedNanos, PhaseRecorder rec) {
    // A request that waited longer than the timeout for a free thread has already failed for its caller.
    if (System.nanoTime() - intendedNanos > requestTimeout.toNanos()) {
      rec.timeouts.increment();
      return;
    }
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      long latencyMicros = (System.nanoTime() - intendedNanos) / 1_000;
      int status = response.statusCode();
      rec.statuses.computeIfAbsent(status, x -> new LongAdder()).increment();
      if (status >= 200 && status < 300) {
        rec.latencies.recordValue(Math.min(Math.max(latencyMicros, 0), HIGHEST_TRACKABLE_MICROS));
      } else {
        rec.non2xx.increment();
      }
    } catch (HttpTimeoutException e) {
      rec.timeouts.increment();
    } catch (IOException e) {
      rec.ioErrors.increment();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rec.ioErrors.increment();
    }
  }

  private static void sleepUntil(long deadlineNanos) {
    long left;
    while ((left = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static String hostForUri(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  @Override
  public void close() {
    workers.shutdownNow();
    clientExecutor.shutdownNow();
  }

  /** Counters of one phase; updated from the worker threads. */
  private static final class PhaseRecorder {
    final PhaseSpec spec;
    final Histogram latencies = new SynchronizedHistogram(HIGHEST_TRACKABLE_MICROS, 3);
    final LongAdder requests = new LongAdder();
    final LongAdder non2xx = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder ioErrors = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    volatile double loadAvgEnd = -1;

    PhaseRecorder(PhaseSpec spec) {
      this.spec = spec;
    }

    PhaseResult result() {
      long req = requests.sum();
      long errors = non2xx.sum() + timeouts.sum() + ioErrors.sum() + rejected.sum();
      double seconds = spec.duration().toNanos() / 1e9;
      Histogram h = latencies.copy();
      long ok = h.getTotalCount();
      Map<Integer, Long> byStatus = new TreeMap<>();
      statuses.forEach((k, v) -> byStatus.put(k, v.sum()));
      return new PhaseResult(spec.name(), spec.targetRps(), seconds, req, errors, req == 0 ? 0 : (double) errors / req,
          ok == 0 ? null : millis(h.getValueAtPercentile(50)), ok == 0 ? null : millis(h.getValueAtPercentile(95)),
          ok == 0 ? null : millis(h.getValueAtPercentile(99)), ok == 0 ? null : millis(h.getMaxValue()),
          ok / seconds, non2xx.sum(), timeouts.sum(), ioErrors.sum(), rejected.sum(), byStatus, loadAvgEnd);
    }

    private static double millis(long micros) {
      return Math.round(micros / 10.0) / 100.0; // microseconds to milliseconds, 2 decimals
    }
  }

  /** Validated builder; not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = -1;
    private String path = DEFAULT_PATH;
    private int threads = DEFAULT_THREADS;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private List<byte[]> bodies = List.of();

    private Builder() {}

    /** Target host; must resolve to a loopback address (default {@code 127.0.0.1}). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Target port (required). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Request path (default {@value #DEFAULT_PATH}). */
    public Builder path(String path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /** Client threads, the most requests in flight at once (default {@value #DEFAULT_THREADS}). */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Capacity of the queue in front of the threads (default {@value #DEFAULT_QUEUE_CAPACITY}). */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** Per-request timeout (default 10 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
      return this;
    }

    /** Connect timeout (default 5 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    /** Request bodies (JSON, UTF-8), sent in order and cycled (required, non-empty). */
    public Builder bodies(List<byte[]> bodies) {
      this.bodies = List.copyOf(bodies);
      return this;
    }

    /**
     * Builds the generator.
     *
     * @throws ConfigurationException on a non-loopback host, a port outside 1-65535, a path not starting
     *     with {@code /}, non-positive sizes or timeouts, or no bodies
     */
    public LoadGenerator build() {
      Loopback.require(host);
      if (port < 1 || port > 65_535) {
        throw new ConfigurationException("port must be in [1, 65535], got " + port);
      }
      if (!path.startsWith("/")) {
        throw new ConfigurationException("path must start with '/', got '" + path + "'");
      }
      if (threads < 1 || threads > 1_024) {
        throw new ConfigurationException("threads must be in [1, 1024], got " + threads);
      }
      if (queueCapacity < 1) {
        throw new ConfigurationException("queueCapacity must be >= 1, got " + queueCapacity);
      }
      if (requestTimeout.isNegative() || requestTimeout.isZero() || connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new ConfigurationException("timeouts must be positive, got request=" + requestTimeout + " connect="
            + connectTimeout);
      }
      if (bodies.isEmpty()) {
        throw new ConfigurationException("at least one request body is required");
      }
      return new LoadGenerator(this);
    }
  }
}
