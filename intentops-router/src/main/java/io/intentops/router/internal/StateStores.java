package io.intentops.router.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.ModelManifests;
import io.intentops.core.StoreException;
import io.intentops.router.RoutingState;
import io.intentops.router.RoutingStateStore;
import java.io.IOException;

/** JSON mapping and argument checks shared by the stores. */
final class StateStores {
  private static final ObjectMapper MAPPER = ModelManifests.mapper();

  private StateStores() {}

  static void checkNext(long expectedRevision, RoutingState next, RoutingStateStore store) {
    if (expectedRevision < 0 || next.revision() != expectedRevision + 1) {
      throw new IllegalArgumentException("Next revision must be expected + 1 in " + store.describe() + ": expected "
          + expectedRevision + ", next " + next.revision());
    }
  }

  static byte[] toJson(RoutingState state) {
    try {
      return MAPPER.writeValueAsBytes(state);
    } catch (IOException e) {
      throw new StoreException("Cannot serialise routing state revision " + state.revision() + ": " + e.getMessage(), e);
    }
  }

  static RoutingState fromJson(byte[] json, String source) {
    try {
      RoutingState s = MAPPER.readValue(json, RoutingState.class);
      if (s == null) {
        throw new StoreException("Routing state " + source + " is empty");
      }
      return s;
    } catch (JacksonException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String why = root instanceof IllegalArgumentException || root instanceof NullPointerException
          ? root.getMessage() : e.getOriginalMessage();
      throw new StoreException("Malformed routing state " + source + where + ": " + why, e);
    } catch (IOException e) {
      throw new StoreException("Cannot read routing state " + source + ": " + e.getMessage(), e);
    }
  }
}
