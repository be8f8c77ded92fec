package io.intentops.governance.spi.audit;

import io.intentops.core.Checksum;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 Merkle tree hashing: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right),
 * empty tree = SHA-256(""). Stateless and thread-safe.
 */
public final class Merkle {
  private Merkle() {}

  /** Hash of an empty tree. */
  public static Checksum emptyRoot() {
    return Checksum.sha256(new byte[0]);
  }

  /** Leaf hash of {@code data}. */
  public static Checksum leaf(byte[] data) {
    MessageDigest md = sha256();
    md.update((byte) 0x00);
    md.update(data);
    return Checksum.parse(java.util.HexFormat.of().formatHex(md.digest()));
  }

  /** Interior node hash. */
  public static Checksum node(Checksum left, Checksum right) {
    MessageDigest md = sha256();
    md.update((byte) 0x01);
    md.update(left.bytes());
    md.update(right.bytes());
    return Checksum.parse(java.util.HexFormat.of().formatHex(md.digest()));
  }

  /** Tree hash of the first {@code n} leaves, in O(n) using a stack of perfect subtrees. */
  public static Checksum root(List<Checksum> leaves, int n) {
    if (n == 0) {
      return emptyRoot();
    }
    List<Checksum> stack = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      push(stack, leaves.get(i), i);
    }
    return fold(stack);
  }

  /**
   * Adds leaf number {@code index} (0-based) to a stack of perfect-subtree roots ordered from the
   * largest (leftmost) to the smallest; merges equal-sized neighbours, like binary addition.
   */
  public static void push(List<Checksum> stack, Checksum leaf, long index) {
    stack.add(leaf);
    for (long t = index; (t & 1) == 1; t >>= 1) {
      Checksum right = stack.remove(stack.size() - 1);
      Checksum left = stack.remove(stack.size() - 1);
      stack.add(node(left, right));
    }
  }

  /** Root from a perfect-subtree stack: node(s0, node(s1, ... node(s[k-2], s[k-1]))). */
  public static Checksum fold(List<Checksum> stack) {
    if (stack.isEmpty()) {
      return emptyRoot();
    }
    Checksum r = stack.get(stack.size() - 1);
    for (int i = stack.size() - 2; i >= 0; i--) {
      r = node(stack.get(i), r);
    }
    return r;
  }

  /** RFC 6962 audit path PATH(m, D[lo:hi]). */
  public static List<Checksum> path(List<Checksum> leaves, int m, int lo, int hi) {
    List<Checksum> out = new ArrayList<>();
    pathInto(leaves, m, lo, hi, out);
    return out;
  }

  private static void pathInto(List<Checksum> leaves, int m, int lo, int hi, List<Checksum> out) {
    int n = hi - lo;
    if (n <= 1) {
      return;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m < k) {
      pathInto(leaves, m, lo, lo + k, out);
      out.add(root(leaves.subList(lo + k, hi), n - k));
    } else {
      pathInto(leaves, m - k, lo + k, hi, out);
      out.add(root(leaves.subList(lo, lo + k), k));
    }
  }

  /** RFC 9162 section 2.1.3.2 inclusion verification. */
  public static boolean verifyInclusion(Checksum leafHash, long index, long size, List<Checksum> path, Checksum root) {
    if (index < 0 || index >= size) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    Checksum r = leafHash;
    for (Checksum p : path) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = node(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = node(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && r.matches(root);
  }

  /**
   * RFC 9162 section 2.1.4.1 consistency proof PROOF(m, D[n]) between the tree of the first {@code m}
   * leaves and the tree of the first {@code n}: empty when {@code m == 0} or {@code m == n}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= m <= n <= leaves.size()}
   */
  public static List<Checksum> consistencyPath(List<Checksum> leaves, int m, int n) {
    if (m < 0 || m > n || n > leaves.size()) {
      throw new IllegalArgumentException("consistency proof needs 0 <= m <= n <= " + leaves.size() + ", got m=" + m
          + " n=" + n);
    }
    List<Checksum> out = new ArrayList<>();
    if (m > 0 && m < n) {
      subproof(leaves, m, 0, n, true, out);
    }
    return out;
  }

  private static void subproof(List<Checksum> leaves, int m, int lo, int hi, boolean complete, List<Checksum> out) {
    int n = hi - lo;
    if (m == n) {
      if (!complete) {
        out.add(root(leaves.subList(lo, hi), n));
      }
      return;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      subproof(leaves, m, lo, lo + k, complete, out);
      out.add(root(leaves.subList(lo + k, hi), n - k));
    } else {
      subproof(leaves, m - k, lo + k, hi, false, out);
      out.add(root(leaves.subList(lo, lo + k), k));
    }
  }

  /**
   * RFC 9162 section 2.1.4.2 consistency verification: whether the tree of {@code second} leaves with
   * root {@code secondRoot} extends the tree of {@code first} leaves with root {@code firstRoot}
   * (append-only). Needs no access to the log. {@code first == 0} is consistent with anything;
   * {@code first == second} needs equal roots and an empty path.
   */
  public static boolean verifyConsistency(long first, long second, Checksum firstRoot, Checksum secondRoot,
      List<Checksum> path) {
    if (first < 0 || first > second) {
      return false;
    }
    if (first == 0) {
      return path.isEmpty();
    }
    if (first == second) {
      return path.isEmpty() && firstRoot.matches(secondRoot);
    }
    if (path.isEmpty()) {
      return false;
    }
    List<Checksum> p = new ArrayList<>(path);
    if (Long.bitCount(first) == 1) {
      p.add(0, firstRoot);
    }
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    Checksum fr = p.get(0);
    Checksum sr = p.get(0);
    for (int i = 1; i < p.size(); i++) {
      Checksum c = p.get(i);
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = node(c, fr);
        sr = node(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = node(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return fr.matches(firstRoot) && sr.matches(secondRoot) && sn == 0;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JRE", e);
    }
  }
}
