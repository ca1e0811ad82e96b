package dev.rvjit.cpu;

/** What an engine calls on {@code ecall}: the operating-system layer (Linux user mode). */
public interface Syscalls {
  /**
   * Performs the system call described by the hart's registers (a7 = number, a0..a5 = arguments)
   * and writes the result to a0. May throw {@link GuestExit} or a {@link GuestTrap}.
   */
  void ecall(Hart h);
}
