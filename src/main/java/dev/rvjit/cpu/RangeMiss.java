package dev.rvjit.cpu;

/**
 * Thrown by compiled code when a floating-point value falls outside the range its unit was
 * compiled for (jit.FpRanges). Not a guest event: the unit's trap handler makes the hart exact at
 * the instruction (not retired), and the dispatcher catches it and interprets from there. It never
 * reaches the user.
 */
public final class RangeMiss extends GuestTrap {
  private static final long serialVersionUID = 1L;

  public RangeMiss() {
    super("a floating-point value outside its compiled range (internal)");
  }

  @Override
  public int exitStatus() {
    return 70; // EX_SOFTWARE: would be an rvjit bug, the dispatcher catches every one
  }
}
