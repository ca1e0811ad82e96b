package dev.rvjit.cpu;

/** A limit the user set (such as {@code --max-insns}) stopped the guest. Exit status 124. */
public final class LimitReached extends GuestTrap {
  private static final long serialVersionUID = 1L;

  public LimitReached(String message) {
    super(message);
  }

  @Override
  public int exitStatus() {
    return 124;
  }

  @Override
  public String describe() {
    return "limit reached: " + super.describe();
  }
}
