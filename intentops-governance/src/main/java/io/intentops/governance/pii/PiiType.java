package io.intentops.governance.pii;

/** Kinds of personal data the {@link PiiScanner} finds. Listed in match priority order. */
public enum PiiType {
  /** An e-mail address. */
  EMAIL,
  /** An IBAN whose ISO 13616 mod-97 check passes. */
  IBAN,
  /** A 13-19 digit payment card number whose Luhn check passes. */
  CARD_NUMBER,
  /** An IPv6 address (full or {@code ::}-compressed, optionally with an embedded IPv4). */
  IPV6,
  /** A dotted-quad IPv4 address with every octet 0-255. */
  IPV4,
  /** A phone number: 10-15 digits with a leading {@code +} or phone-style separators. */
  PHONE
}
