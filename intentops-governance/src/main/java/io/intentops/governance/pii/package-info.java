/**
 * PII scanning and redaction for datasets and captured requests (emails, phones, Luhn-checked cards, mod-97 IBANs, IPv4/IPv6).
 */
@NullMarked
package io.intentops.governance.pii;

import org.jspecify.annotations.NullMarked;
