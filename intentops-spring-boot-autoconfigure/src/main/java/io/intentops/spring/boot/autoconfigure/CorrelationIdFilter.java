package io.intentops.spring.boot.autoconfigure;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts a correlation id into the SLF4J MDC under {@value #MDC_KEY} for every log line of a request and
 * echoes it in the {@value #HEADER} response header. An incoming {@value #HEADER} of 1 to 64 characters
 * {@code [A-Za-z0-9._-]} is kept (so a caller's id follows the request); anything else is replaced by a
 * random UUID, so a client cannot inject text into logs. Thread-safe.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {
  /** Request and response header. */
  public static final String HEADER = "X-Correlation-Id";
  /** MDC key. */
  public static final String MDC_KEY = "correlationId";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader(HEADER);
    String id = given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    response.setHeader(HEADER, id);
    MDC.put(MDC_KEY, id);
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(MDC_KEY);
    }
  }
}
