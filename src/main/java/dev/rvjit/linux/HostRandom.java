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
 * at start, and the loader fills {@code AT_RANDOM}). The device is opened once and kept open, so
 * a guest that calls {@code getrandom} often (a few bytes per random number) costs one host read
 * per call, not an open and a close as well.
 */
final class HostRandom {
  private static InputStream urandom;
  private static boolean noDevice;
  private static SecureRandom fallback;

  private HostRandom() {}

  /** Fills {@code b} with unpredictable bytes. */
  static synchronized void fill(byte[] b) {
    if (!noDevice) {
      try {
        if (urandom == null) {
          urandom = new FileInputStream("/dev/urandom");
        }
        int off = 0;
        while (off < b.length) {
          int n = urandom.read(b, off, b.length - off);
          if (n < 0) {
            throw new IOException("end of /dev/urandom");
          }
          off += n;
        }
        return;
      } catch (IOException | SecurityException e) {
        noDevice = true; // not a Linux host, or the device is not readable: Java's own source
      }
    }
    if (fallback == null) {
      fallback = new SecureRandom();
    }
    fallback.nextBytes(b);
  }
}
