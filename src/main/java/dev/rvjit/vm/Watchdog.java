package dev.rvjit.vm;

import dev.rvjit.cpu.LimitReached;
import java.util.concurrent.TimeUnit;

/**
 * {@code --timeout}: runs a guest on a thread of its own and stops it when its wall-clock time is
 * up.
 *
 * <p>When the time is up the watchdog raises the limit through {@link dev.rvjit.cpu.Hart#interrupt}
 * (the interpreter checks it at every block, compiled code at every backward jump) and through
 * {@link dev.rvjit.linux.GuestProcess#stop} (checked at every {@code ecall}), so the guest stops on
 * its own thread with its state exact and its output flushed. Only a guest blocked inside a host
 * system call (a read from a terminal nobody types into) can miss both: after {@link
 * #GRACE_MILLIS} more the watchdog flushes the guest's output itself and reports the timeout,
 * leaving that thread (a daemon) behind; the command line exits right after, which ends it. Either
 * way the outcome is exit status 124 (like coreutils {@code timeout}) and the message "time limit
 * ... reached (--timeout)".
 */
final class Watchdog {
  /** How long a guest gets to notice the stop request (it needs well under a millisecond). */
  static final long GRACE_MILLIS = 200;

  private Watchdog() {}

  static Outcome run(Machine m, long timeoutNanos) {
    Outcome[] result = new Outcome[1];
    RuntimeException[] failure = new RuntimeException[1];
    Error[] error = new Error[1];
    Thread guest = new Thread(null, () -> {
      try {
        result[0] = m.runHere();
      } catch (RuntimeException e) {
        failure[0] = e;
      } catch (Error e) {
        error[0] = e;
      }
    }, "rvjit-guest", 64L << 20);
    guest.setDaemon(true);
    long t0 = System.nanoTime();
    guest.start();
    try {
      TimeUnit.NANOSECONDS.timedJoin(guest, timeoutNanos);
      if (guest.isAlive()) {
        LimitReached stop = new LimitReached("time limit " + describe(timeoutNanos)
            + " reached (--timeout)");
        m.process.stop = stop;
        m.hart.interrupt(stop);
        guest.join(GRACE_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (result) {
      // join() made the guest thread's writes visible; nothing is read before it ends or is left.
    }
    if (!guest.isAlive()) {
      if (error[0] != null) {
        throw error[0];
      }
      if (failure[0] != null) {
        throw failure[0];
      }
      return result[0];
    }
    m.flushOutput();
    String msg = "time limit " + describe(timeoutNanos) + " reached (--timeout) at pc 0x"
        + Long.toHexString(m.hart.pc) + " (guest blocked in a host system call)";
    return new Outcome(124, msg, m.hart.instret, System.nanoTime() - t0);
  }

  /** {@code 1500000000} as {@code 1.5s}. */
  static String describe(long nanos) {
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + "ms";
    }
    return String.format("%.3fs", nanos / 1e9);
  }

  /**
   * Parses a duration such as {@code 500ms}, {@code 3s}, {@code 2m}, {@code 1h} or {@code 1.5s}
   * (a bare number means seconds) into nanoseconds.
   */
  static long parseDuration(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    long unit;
    String num;
    if (t.endsWith("ms")) {
      unit = 1_000_000L;
      num = t.substring(0, t.length() - 2);
    } else if (t.endsWith("us")) {
      unit = 1_000L;
      num = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      unit = 1_000_000_000L;
      num = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      unit = 60_000_000_000L;
      num = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      unit = 3_600_000_000_000L;
      num = t.substring(0, t.length() - 1);
    } else {
      unit = 1_000_000_000L;
      num = t;
    }
    double v;
    try {
      v = Double.parseDouble(num);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad duration '" + s + "' (use e.g. 500ms, 3s, 2m)");
    }
    if (!(v > 0) || v * unit > Long.MAX_VALUE / 2.0 || num.startsWith("+")) {
      throw new IllegalArgumentException("bad duration '" + s + "' (use e.g. 500ms, 3s, 2m)");
    }
    return Math.max(1, (long) (v * unit));
  }
}
