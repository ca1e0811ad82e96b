package dev.rvjit.memory;

/**
 * The arithmetic of skipping passes of a small guest loop where compiled code enters it
 * ({@code jit.LoopSkips}): a loop that walks streams of equal-sized elements (compares them,
 * looks for a value, copies or fills them) while pointers move by fixed steps. Compiled code works
 * out how many passes go back as far as the loop's pointer tests are concerned
 * ({@link #untilFire}) and how many of those touch only memory the fast paths reach: the flat
 * region ({@link #loads}), for stores pages that take plain stores ({@link #stores}). It then runs
 * those passes in a plain counted loop; a fault therefore always happens in the loop's own code,
 * at the same instruction as in the interpreter.
 *
 * <p>Pass counts here are at most {@link #MAX_PASSES}; elements are {@code size} bytes (1, 2, 4
 * or 8) at {@code a + i * sa} in pass {@code i}.
 */
public final class LoopRuns {
  private LoopRuns() {}

  /** Most passes one call considers. */
  public static final long MAX_PASSES = 1L << 40;
  /** Largest pointer step per pass the planner accepts (keeps {@link #untilFire} exact). */
  public static final long MAX_STEP = 1L << 20;

  /**
   * The first pass (from 0) in which a branch comparing {@code d0 + i * step} with zero leaves the
   * loop: when the difference is zero ({@code whenEqual}) or when it is not; {@link #MAX_PASSES}
   * if none comes earlier. {@code |step|} is at most {@link #MAX_STEP}, so within
   * {@link #MAX_PASSES} passes the difference moves by less than 2^60 and meets zero (modulo
   * 2^64) only if {@code d0} is a whole number of steps before it.
   */
  public static long untilFire(long d0, long step, boolean whenEqual) {
    if (!whenEqual) {
      return d0 != 0 ? 0 : step != 0 ? 1 : MAX_PASSES;
    }
    if (d0 == 0) {
      return 0;
    }
    if (step == 0 || d0 >= (1L << 60) || d0 <= -(1L << 60) || d0 % step != 0) {
      return MAX_PASSES;
    }
    long i = -(d0 / step);
    return i > 0 && i < MAX_PASSES ? i : MAX_PASSES;
  }

  /** Passes from 0 whose element lies in the flat region (loads take the fast path). */
  public static long loads(long a, long sa, int size, long n) {
    if (a < Memory.FLAT_BASE || a > Memory.FLAT_END - size || n <= 0) {
      return 0;
    }
    long k;
    if (sa > 0) {
      k = (Memory.FLAT_END - size - a) / sa + 1;
    } else if (sa < 0) {
      k = (a - Memory.FLAT_BASE) / -sa + 1;
    } else {
      return n;
    }
    return Math.min(n, k);
  }

  /**
   * Passes from 0 whose element store takes the fast path: {@link #loads}, no wider than
   * {@link Memory#LOOP_STORE_SPAN}, and all its pages take plain stores (else 0).
   */
  public static long stores(Memory mem, long a, long sa, int size, long n) {
    n = loads(a, sa, size, n);
    if (n <= 0) {
      return 0;
    }
    long as = Math.abs(sa);
    if (as > 0 && (n - 1) > (Memory.LOOP_STORE_SPAN - size) / as) {
      n = (Memory.LOOP_STORE_SPAN - size) / as + 1;
    }
    long last = a + (n - 1) * sa;
    long lo = Math.min(a, last);
    long hi = Math.max(a, last) + size;
    return mem.rangeFast(lo, hi, true) ? n : 0;
  }
}
