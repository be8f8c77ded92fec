package io.intentops.loadtest;

import io.intentops.core.ConfigurationException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The loopback-only rule: a load test never leaves this machine. Stateless. */
final class Loopback {
  private Loopback() {}

  /**
   * Returns normally when every address {@code host} resolves to is a loopback address.
   *
   * @throws ConfigurationException otherwise, or when the host does not resolve
   */
  static void require(String host) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new ConfigurationException("host '" + host + "' does not resolve; the load test only targets loopback"
          + " (127.0.0.1, ::1, localhost)");
    }
    for (InetAddress a : addresses) {
      if (!a.isLoopbackAddress()) {
        throw new ConfigurationException("host '" + host + "' resolves to " + a.getHostAddress()
            + ", which is not a loopback address; the load test only targets loopback (127.0.0.1, ::1, localhost)");
      }
    }
  }
}
