package io.intentops.core.report;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.lang.reflect.RecordComponent;
import org.jspecify.annotations.Nullable;

/**
 * Derives which {@code eval.json} fields are required from the records' null-marking, so the schema is
 * declared once, in the types: a component of a record in this package is required unless it is
 * {@code @Nullable} (may be absent or null) or carries {@code @JsonSetter(nulls = AS_EMPTY)} (absent
 * means empty). A required field that is absent or null fails binding, and a null inside a list or map
 * fails too, instead of silently becoming 0, false or null.
 */
final class RequiredComponents extends JacksonAnnotationIntrospector {
  private static final long serialVersionUID = 1L;
  private static final String PACKAGE = RequiredComponents.class.getPackageName();

  @Override
  public @Nullable Boolean hasRequiredMarker(AnnotatedMember m) {
    RecordComponent c = component(m);
    if (c == null) {
      return super.hasRequiredMarker(m); // may be null (no marker); a conditional expression would unbox it
    }
    return required(c, m);
  }

  @Override
  public JsonSetter.Value findSetterInfo(Annotated a) {
    JsonSetter.Value v = super.findSetterInfo(a);
    if (a instanceof AnnotatedMember m) {
      RecordComponent c = component(m);
      if (c != null && required(c, m)) {
        return v.withValueNulls(Nulls.FAIL, Nulls.FAIL);
      }
    }
    return v;
  }

  private boolean required(RecordComponent c, AnnotatedMember m) {
    boolean nullable = c.getAnnotatedType().isAnnotationPresent(Nullable.class);
    JsonSetter setter = _findAnnotation(m, JsonSetter.class);
    boolean emptyWhenAbsent = setter != null && setter.nulls() == Nulls.AS_EMPTY;
    return !nullable && !emptyWhenAbsent;
  }

  /** The record component behind a creator parameter, field or accessor of a record in this package. */
  private static @Nullable RecordComponent component(AnnotatedMember m) {
    Class<?> type = m.getDeclaringClass();
    if (type == null || !type.isRecord() || !type.getPackageName().equals(PACKAGE)) {
      return null;
    }
    RecordComponent[] cs = type.getRecordComponents();
    if (m instanceof AnnotatedParameter p) {
      // Only the canonical constructor's parameters line up with the components.
      return p.getOwner().getParameterCount() == cs.length ? cs[p.getIndex()] : null;
    }
    if (m instanceof AnnotatedField || (m instanceof AnnotatedMethod am && am.getParameterCount() == 0)) {
      for (RecordComponent c : cs) {
        if (c.getName().equals(m.getName())) {
          return c;
        }
      }
    }
    return null;
  }
}
