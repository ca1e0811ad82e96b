package dev.rvjit.linux;

/**
 * A system call failed with an errno: thrown inside the syscall layer and turned into the
 * {@code -errno} return value once, in {@link LinuxSyscalls#ecall}. Carries no stack trace.
 */
final class SyscallError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The positive errno value. */
  final int errno;

  SyscallError(int errno) {
    super(Errno.name(errno), null, false, false);
    this.errno = errno;
  }
}
