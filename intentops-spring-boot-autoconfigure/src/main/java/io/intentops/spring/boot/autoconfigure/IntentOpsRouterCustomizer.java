package io.intentops.spring.boot.autoconfigure;

import io.intentops.core.IntentPrediction;
import io.intentops.router.Router;

/**
 * Adjusts the auto-configured intent router before it is built (store, listeners, shadow, gate) and
 * sees it once built. Fleet mode is one ({@code intentops-postgres}). Beans of this type are applied in
 * {@code @Order}. Implementations are called once, at startup, on the starting thread.
 */
public interface IntentOpsRouterCustomizer {

  /** Changes the builder. */
  void customize(Router.Builder<String, IntentPrediction> builder);

  /** Called with the built router, before warm-up; default nothing. */
  default void built(Router<String, IntentPrediction> router) {}

  /**
   * Whether something else judges the SLO windows and advances plans (the fleet mode of intentops-postgres no longer needs this: its routers judge the fleet's evidence themselves), so
   * the runtime does not tick the router's own rollback controller. Default false.
   */
  default boolean evaluatesElsewhere() {
    return false;
  }
}
