package dev.rvjit.cpu;

/**
 * LR/SC semantics. LR records a reservation (address and value seen); SC succeeds only at the
 * reserved address and only while memory still holds the value LR saw (compare-and-set), so it
 * stays correct when several harts share memory. Any SC clears the reservation.
 */
public final class Atomics {
  private Atomics() {}

  public static long lr_w(Hart h, long a) {
    long v = h.mem.loadReserved(a, 4);
    h.reservation = a;
    h.reservationValue = v;
    return v;
  }

  public static long lr_d(Hart h, long a) {
    long v = h.mem.loadReserved(a, 8);
    h.reservation = a;
    h.reservationValue = v;
    return v;
  }

  /** Returns 0 on success, 1 on failure, as sc.w writes to rd. */
  public static long sc_w(Hart h, long a, long v) {
    return sc(h, a, v, 4);
  }

  public static long sc_d(Hart h, long a, long v) {
    return sc(h, a, v, 8);
  }

  private static long sc(Hart h, long a, long v, int size) {
    boolean reserved = h.reservation == a;
    long expected = h.reservationValue;
    h.reservation = -1;
    if (!reserved) {
      h.mem.checkAtomic(a, size); // faults like a store would, but stores nothing
      return 1;
    }
    return h.mem.storeConditional(a, expected, v, size) ? 0 : 1;
  }
}
