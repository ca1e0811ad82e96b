package dev.rvjit.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The guest's initial fds 0, 1 and 2, bound to the process's host streams. Output goes straight
 * through and is flushed on every write, so nothing is lost when the guest exits or aborts; a read
 * returns what one read of the host stream yields (at least one byte, or 0 at end of input).
 */
final class StdioFile extends OpenFile {
  private final int hostFd;
  private final InputStream in;
  private final OutputStream out;
  private final boolean tty;

  StdioFile(int hostFd, InputStream in, OutputStream out, boolean tty) {
    super((in != null ? Abi.O_RDONLY : Abi.O_WRONLY) | Abi.O_LARGEFILE);
    this.hostFd = hostFd;
    this.in = in;
    this.out = out;
    this.tty = tty;
  }

  @Override
  int read(byte[] b, int off, int len) throws IOException {
    if (in == null) {
      throw new SyscallError(Errno.EBADF);
    }
    if (len == 0) {
      return 0;
    }
    int n = in.read(b, off, len);
    return Math.max(n, 0);
  }

  @Override
  int write(byte[] b, int off, int len) throws IOException {
    if (out == null) {
      throw new SyscallError(Errno.EBADF);
    }
    out.write(b, off, len);
    out.flush();
    return len;
  }

  @Override
  Path statPath() {
    return Path.of("/proc/self/fd/" + hostFd);
  }

  @Override
  int syntheticMode() {
    return (tty ? Abi.S_IFCHR : Abi.S_IFIFO) | 0620;
  }

  @Override
  boolean isTty() {
    return tty;
  }

  @Override
  long available() throws IOException {
    return in == null ? 0 : in.available();
  }

  @Override
  String describe() {
    return "stdio " + hostFd;
  }
}
