package io.intentops.train.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.intentops.inference.spi.OnnxGraph;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DJL forward pass must reproduce ONNX Runtime's output of the same ONNX model. */
class BertEncoderOnnxEquivalenceTest {

  @Test
  void djlForwardMatchesOnnxRuntimeOnPaddedBatch() throws Exception {
    byte[] model;
    try (InputStream in = BertEncoderOnnxEquivalenceTest.class.getResourceAsStream("/bge-small-en-v1.5.onnx")) {
      model = in.readAllBytes();
    }
    List<String> texts = List.of("Empire State Building is in New York , said @paulwalk", "hi 👋 Zoë");
    long[][] ids = new long[2][];
    int maxLen = 0;
    try (InputStream tj = getClass().getResourceAsStream("/bge-small-en-v1.5-tokenizer.json");
        HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(tj, Map.of("truncation", "false", "padding", "false"))) {
      for (int i = 0; i < texts.size(); i++) {
        Encoding e = tok.encode(texts.get(i));
        ids[i] = e.getIds();
        maxLen = Math.max(maxLen, ids[i].length);
      }
    }
    long[][] padded = new long[2][maxLen];
    long[][] mask = new long[2][maxLen];
    for (int i = 0; i < 2; i++) {
      System.arraycopy(ids[i], 0, padded[i], 0, ids[i].length);
      for (int j = 0; j < ids[i].length; j++) {
        mask[i][j] = 1;
      }
    }
    assertThat(ids[1].length).isLessThan(maxLen); // the second row really is padded

    float[][][] ort;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        OrtSession s = env.createSession(model, opts);
        OnnxTensor a = OnnxTensor.createTensor(env, padded);
        OnnxTensor b = OnnxTensor.createTensor(env, mask);
        OnnxTensor c = OnnxTensor.createTensor(env, new long[2][maxLen]);
        OrtSession.Result r = s.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
      ort = (float[][][]) r.get(0).getValue();
    }

    OnnxGraph graph = OnnxGraph.parse(model, "bge-small-en-v1.5.onnx");
    try (NDManager m = NDManager.newBaseManager("PyTorch");
        BertEncoder enc = BertEncoder.fromOnnx(graph, BertConfig.BGE_SMALL, m)) {
      long[] flatIds = new long[2 * maxLen];
      long[] flatMask = new long[2 * maxLen];
      for (int i = 0; i < 2; i++) {
        System.arraycopy(padded[i], 0, flatIds, i * maxLen, maxLen);
        System.arraycopy(mask[i], 0, flatMask, i * maxLen, maxLen);
      }
      NDArray out = enc.forward(m.create(flatIds, new Shape(2, maxLen)), m.create(flatMask, new Shape(2, maxLen)),
          false, 0.1f);
      float[] djl = out.toFloatArray();
      double maxDiff = 0;
      for (int i = 0; i < 2; i++) {
        for (int t = 0; t < ids[i].length; t++) {
          for (int h = 0; h < 384; h++) {
            maxDiff = Math.max(maxDiff, Math.abs(djl[(i * maxLen + t) * 384 + h] - ort[i][t][h]));
          }
        }
      }
      assertThat(maxDiff).isLessThanOrEqualTo(1e-4);
      assertThat(out.getShape()).isEqualTo(new Shape(2, maxLen, 384));
    }
  }
}
