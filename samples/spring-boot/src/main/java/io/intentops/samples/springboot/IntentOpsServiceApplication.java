package io.intentops.samples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the IntentOps sample service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IntentOpsServiceApplication {

  /** Starts the service; configuration comes from the environment (see {@code application.properties}). */
  public static void main(String[] args) {
    SpringApplication.run(IntentOpsServiceApplication.class, args);
  }
}
