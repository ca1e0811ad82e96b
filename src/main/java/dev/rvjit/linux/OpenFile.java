package dev.rvjit.linux;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * An open file description (Linux {@code struct file}): what one or more fds refer to. It holds
 * the access mode and status flags and, for seekable files, the offset; {@code dup} shares it.
 * Methods throw {@link SyscallError} for Linux-level failures and {@link IOException} for host
 * ones.
 */
abstract class OpenFile {
  /** Access mode ({@code O_RDONLY}/{@code O_WRONLY}/{@code O_RDWR}) plus status flags. */
  int flags;
  /** Number of fds referring to this description. */
  int refs;

  OpenFile(int flags) {
    this.flags = flags;
  }

  boolean readable() {
    int acc = flags & Abi.O_ACCMODE;
    return acc == Abi.O_RDONLY || acc == Abi.O_RDWR;
  }

  boolean writable() {
    int acc = flags & Abi.O_ACCMODE;
    return acc == Abi.O_WRONLY || acc == Abi.O_RDWR;
  }

  /** Reads up to {@code len} bytes; 0 at end of file. Never blocks once some bytes are read. */
  abstract int read(byte[] b, int off, int len) throws IOException;

  /** Writes up to {@code len} bytes and returns how many were written. */
  abstract int write(byte[] b, int off, int len) throws IOException;

  /** Reads at an absolute position without moving the offset. */
  int pread(byte[] b, int off, int len, long pos) throws IOException {
    throw new SyscallError(Errno.ESPIPE);
  }

  /** Writes at an absolute position without moving the offset. */
  int pwrite(byte[] b, int off, int len, long pos) throws IOException {
    throw new SyscallError(Errno.ESPIPE);
  }

  /** Moves the offset as lseek does and returns the new offset. */
  long seek(long offset, int whence) throws IOException {
    throw new SyscallError(Errno.ESPIPE);
  }

  /** The host path to stat for fstat, or null if {@link #syntheticMode} describes the file. */
  Path statPath() {
    return null;
  }

  /** The st_mode of a file that has no host path (pipes). */
  int syntheticMode() {
    return Abi.S_IFREG | 0600;
  }

  /** True if the file is a terminal (answers TCGETS). */
  boolean isTty() {
    return false;
  }

  /** Bytes that can be read without blocking (FIONREAD). */
  long available() throws IOException {
    return 0;
  }

  /** The channel for file-backed mmap, or null if the file cannot be mapped. */
  FileChannel channel() {
    return null;
  }

  /** Called when the last fd referring to this description is closed. */
  void release() throws IOException {}

  /** A short description for diagnostics. */
  abstract String describe();
}
