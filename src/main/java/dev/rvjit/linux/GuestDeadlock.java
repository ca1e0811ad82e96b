package dev.rvjit.linux;

import dev.rvjit.cpu.GuestTrap;

/**
 * The guest's only thread waits for something no one can ever provide (a futex wait without a
 * timeout, a read from an empty pipe whose write end it holds itself). Linux would hang forever;
 * rvjit ends the guest with this report instead. Exit status 124, as if a timeout had killed it.
 */
public final class GuestDeadlock extends GuestTrap {
  private static final long serialVersionUID = 1L;

  /** A deadlock; {@code message} says what the thread waits for. */
  public GuestDeadlock(String message) {
    super(message);
  }

  @Override
  public int exitStatus() {
    return 124;
  }

  @Override
  public String describe() {
    return "deadlock: " + super.describe();
  }
}
