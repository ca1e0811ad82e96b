package dev.rvjit.linux;

import java.util.Arrays;

/**
 * An in-process pipe (pipe2): a byte queue with a read end and a write end. There is one guest
 * thread, so nothing can ever block: a read from an empty pipe whose write end is still open is a
 * deadlock (or EAGAIN with O_NONBLOCK), and a write beyond the 64 KiB capacity grows the buffer
 * instead of blocking (or writes what fits with O_NONBLOCK, as Linux does).
 */
final class Pipe {
  /** Linux's default pipe capacity. */
  static final int CAPACITY = 65536;
  private static long nextIno = 100_000;

  private byte[] buf = new byte[4096];
  private int head;
  private int count;
  private int readers;
  private int writers;
  final long ino = nextIno++;

  /** One end of the pipe, as an open file description. */
  final class End extends OpenFile {
    final boolean readEnd;

    End(boolean readEnd, int flags) {
      super((readEnd ? Abi.O_RDONLY : Abi.O_WRONLY) | flags);
      this.readEnd = readEnd;
      if (readEnd) {
        readers++;
      } else {
        writers++;
      }
    }

    Pipe pipe() {
      return Pipe.this;
    }

    @Override
    int read(byte[] b, int off, int len) {
      if (!readEnd) {
        throw new SyscallError(Errno.EBADF);
      }
      if (len == 0) {
        return 0;
      }
      if (count == 0) {
        if (writers == 0) {
          return 0;
        }
        if ((flags & Abi.O_NONBLOCK) != 0) {
          throw new SyscallError(Errno.EAGAIN);
        }
        throw new GuestDeadlock("read from an empty pipe whose write end only this thread holds");
      }
      int n = Math.min(len, count);
      for (int i = 0; i < n; i++) {
        b[off + i] = buf[(head + i) % buf.length];
      }
      head = (head + n) % buf.length;
      count -= n;
      return n;
    }

    @Override
    int write(byte[] b, int off, int len) {
      if (readEnd) {
        throw new SyscallError(Errno.EBADF);
      }
      if (readers == 0) {
        throw new SyscallError(Errno.EPIPE);
      }
      int n = len;
      if ((flags & Abi.O_NONBLOCK) != 0) {
        n = Math.min(len, CAPACITY - count);
        if (n == 0 && len > 0) {
          throw new SyscallError(Errno.EAGAIN);
        }
      }
      ensure(count + n);
      for (int i = 0; i < n; i++) {
        buf[(head + count + i) % buf.length] = b[off + i];
      }
      count += n;
      return n;
    }

    @Override
    int syntheticMode() {
      return Abi.S_IFIFO | 0600;
    }

    @Override
    long available() {
      return readEnd ? count : 0;
    }

    @Override
    void release() {
      if (readEnd) {
        readers--;
      } else {
        writers--;
      }
    }

    @Override
    String describe() {
      return "pipe:[" + ino + "]";
    }
  }

  private void ensure(int need) {
    if (need <= buf.length) {
      return;
    }
    int size = buf.length;
    while (size < need) {
      size *= 2;
    }
    byte[] nb = new byte[size];
    for (int i = 0; i < count; i++) {
      nb[i] = buf[(head + i) % buf.length];
    }
    Arrays.fill(buf, (byte) 0);
    buf = nb;
    head = 0;
  }
}
