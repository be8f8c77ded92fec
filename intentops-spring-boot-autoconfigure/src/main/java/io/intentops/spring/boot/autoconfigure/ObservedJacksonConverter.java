package io.intentops.spring.boot.autoconfigure;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * The application's Jackson converter with each response body write observed as
 * {@value #NAME} (contextual name {@code response_serialize}), a child of the request's observation.
 * Uses the same {@code ObjectMapper}, so the JSON is unchanged. Thread-safe as the converter it replaces.
 */
class ObservedJacksonConverter extends MappingJackson2HttpMessageConverter {
  /** The observation name. */
  static final String NAME = "intentops.response.serialize";

  private final ObservationRegistry registry;

  ObservedJacksonConverter(MappingJackson2HttpMessageConverter original, ObservationRegistry registry) {
    super(original.getObjectMapper());
    setSupportedMediaTypes(original.getSupportedMediaTypes());
    this.registry = registry;
  }

  @Override
  protected void writeInternal(Object object, @Nullable Type type, HttpOutputMessage outputMessage)
      throws IOException, HttpMessageNotWritableException {
    Observation o = Observation.createNotStarted(NAME, registry).contextualName("response_serialize")
        .lowCardinalityKeyValue("intentops.body.type", object.getClass().getSimpleName()).start();
    try (Observation.Scope s = o.openScope()) {
      super.writeInternal(object, type, outputMessage);
    } catch (IOException | RuntimeException e) {
      o.error(e);
      throw e;
    } finally {
      o.stop();
    }
  }
}
