package dev.rvjit.linux;

import java.io.IOException;
import java.util.Arrays;

/**
 * The guest's file descriptor table: fd number to open file description, plus the per-fd
 * close-on-exec flag. New fds take the lowest free number, as Linux does.
 */
final class FdTable {
  private OpenFile[] files = new OpenFile[64];
  private boolean[] cloexec = new boolean[64];
  /** Highest fd number plus one that may be allocated (RLIMIT_NOFILE's soft limit). */
  int limit = 1024;

  /** The description behind {@code fd}; throws EBADF if it is not open. */
  OpenFile get(long fd) {
    if (fd < 0 || fd >= files.length || files[(int) fd] == null) {
      throw new SyscallError(Errno.EBADF);
    }
    return files[(int) fd];
  }

  /** True if {@code fd} is open. */
  boolean isOpen(long fd) {
    return fd >= 0 && fd < files.length && files[(int) fd] != null;
  }

  /** Installs {@code f} at the lowest free fd at or above {@code min}; EMFILE if none. */
  int install(OpenFile f, int min, boolean closeOnExec) {
    for (int fd = Math.max(min, 0); fd < limit; fd++) {
      if (fd >= files.length) {
        grow(fd + 1);
      }
      if (files[fd] == null) {
        put(fd, f, closeOnExec);
        return fd;
      }
    }
    throw new SyscallError(Errno.EMFILE);
  }

  /** Installs {@code f} at exactly {@code fd}, closing what was there (dup3). */
  void installAt(int fd, OpenFile f, boolean closeOnExec) throws IOException {
    if (fd < 0 || fd >= limit) {
      throw new SyscallError(Errno.EBADF);
    }
    if (fd >= files.length) {
      grow(fd + 1);
    }
    if (files[fd] != null) {
      close(fd);
    }
    put(fd, f, closeOnExec);
  }

  private void put(int fd, OpenFile f, boolean closeOnExec) {
    files[fd] = f;
    cloexec[fd] = closeOnExec;
    f.refs++;
  }

  private void grow(int min) {
    int n = files.length;
    while (n < min) {
      n *= 2;
    }
    files = Arrays.copyOf(files, n);
    cloexec = Arrays.copyOf(cloexec, n);
  }

  /** Closes {@code fd}; the description is released when its last fd goes. */
  void close(long fd) throws IOException {
    OpenFile f = get(fd);
    files[(int) fd] = null;
    cloexec[(int) fd] = false;
    if (--f.refs == 0) {
      f.release();
    }
  }

  boolean closeOnExec(long fd) {
    get(fd);
    return cloexec[(int) fd];
  }

  void setCloseOnExec(long fd, boolean on) {
    get(fd);
    cloexec[(int) fd] = on;
  }
}
