package dev.rvjit.linux;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;

/**
 * Random bytes for the guest (the auxiliary vector's {@code AT_RANDOM}, {@code getrandom}): read
 * from the host's {@code /dev/urandom}, the source Linux itself uses for both, or from a
 * {@link SecureRandom} where that device cannot be read (a non-Linux host). Reading the device
 * directly spares every run the set-up of Java's security providers (glibc asks for random bytes
 * at start, and the loader fills {@code AT_RANDOM}).
 */
final class HostRandom {
  private static SecureRandom fallback;

  private HostRandom() {}

  /** Fills {@code b} with unpredictable bytes. */
  static void fill(byte[] b) {
    try (InputStream in = new FileInputStream("/dev/urandom")) {
      int off = 0;
      while (off < b.length) {
        int n = in.read(b, off, b.length - off);
        if (n < 0) {
          throw new IOException("end of /dev/urandom");
        }
        off += n;
      }
      return;
    } catch (IOException | SecurityException e) {
      // not a Linux host, or the device is not readable: Java's own source
    }
    synchronized (HostRandom.class) {
      if (fallback == null) {
        fallback = new SecureRandom();
      }
      fallback.nextBytes(b);
    }
  }
}
