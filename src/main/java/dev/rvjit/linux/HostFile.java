package dev.rvjit.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A host file (regular, or a device such as /dev/null), opened through a {@link FileChannel}. */
final class HostFile extends OpenFile {
  private final FileChannel ch;
  private final Path path;
  /** A regular file: reads fill the buffer up to end of file. Devices and FIFOs read once. */
  final boolean regular;

  HostFile(FileChannel ch, Path path, int flags, boolean regular) {
    super(flags | Abi.O_LARGEFILE);
    this.ch = ch;
    this.path = path;
    this.regular = regular;
  }

  @Override
  int read(byte[] b, int off, int len) throws IOException {
    int total = 0;
    ByteBuffer bb = ByteBuffer.wrap(b, off, len);
    while (bb.hasRemaining()) {
      int n = ch.read(bb);
      if (n <= 0) {
        break;
      }
      total += n;
      if (!regular) {
        break;
      }
    }
    return total;
  }

  @Override
  int write(byte[] b, int off, int len) throws IOException {
    if ((flags & Abi.O_APPEND) != 0) {
      ch.position(ch.size());
    }
    ByteBuffer bb = ByteBuffer.wrap(b, off, len);
    while (bb.hasRemaining()) {
      ch.write(bb);
    }
    return len;
  }

  @Override
  int pread(byte[] b, int off, int len, long pos) throws IOException {
    int total = 0;
    ByteBuffer bb = ByteBuffer.wrap(b, off, len);
    while (bb.hasRemaining()) {
      int n = ch.read(bb, pos + total);
      if (n <= 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  @Override
  int pwrite(byte[] b, int off, int len, long pos) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(b, off, len);
    long at = (flags & Abi.O_APPEND) != 0 ? ch.size() : pos;
    while (bb.hasRemaining()) {
      at += ch.write(bb, at);
    }
    return len;
  }

  @Override
  long seek(long offset, int whence) throws IOException {
    long base;
    switch (whence) {
      case Abi.SEEK_SET:
        base = 0;
        break;
      case Abi.SEEK_CUR:
        base = ch.position();
        break;
      case Abi.SEEK_END:
        base = ch.size();
        break;
      case Abi.SEEK_DATA:
        if (offset < 0 || offset >= ch.size()) {
          throw new SyscallError(Errno.ENXIO);
        }
        base = 0;
        break;
      case Abi.SEEK_HOLE:
        if (offset < 0 || offset >= ch.size()) {
          throw new SyscallError(Errno.ENXIO);
        }
        base = 0;
        offset = ch.size();
        break;
      default:
        throw new SyscallError(Errno.EINVAL);
    }
    long pos = base + offset;
    if (pos < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    ch.position(pos);
    return pos;
  }

  @Override
  Path statPath() {
    return path;
  }

  @Override
  long available() throws IOException {
    return Math.max(0, ch.size() - ch.position());
  }

  @Override
  FileChannel channel() {
    return ch;
  }

  /** Current size of the file. */
  long size() throws IOException {
    return ch.size();
  }

  @Override
  void release() throws IOException {
    ch.close();
  }

  @Override
  String describe() {
    return path.toString();
  }
}
