package dev.rvjit.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An open host directory: the base of relative {@code *at} paths and the source of
 * {@code getdents64}. Its entries (with {@code .} and {@code ..} first, then the host's order) are
 * read when the guest first lists it and again after it seeks back to 0.
 */
final class HostDirectory extends OpenFile {
  /** One directory entry as linux_dirent64 needs it. */
  static final class Entry {
    final long ino;
    final int type;
    final byte[] name;

    Entry(long ino, int type, byte[] name) {
      this.ino = ino;
      this.type = type;
      this.name = name;
    }
  }

  final Path path;
  private List<Entry> entries;
  /** Index of the next entry getdents64 returns (also its d_off as seen by lseek). */
  int pos;

  HostDirectory(Path path, int flags) {
    super(flags | Abi.O_LARGEFILE);
    this.path = path;
  }

  /** The entries, listed on first use. */
  List<Entry> entries() throws IOException {
    if (entries == null) {
      List<Entry> list = new ArrayList<>();
      list.add(entry(path, "."));
      Path parent = path.getParent();
      list.add(entry(parent != null ? parent : path, ".."));
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
        for (Path child : ds) {
          list.add(entry(child, child.getFileName().toString()));
        }
      }
      entries = list;
    }
    return entries;
  }

  private static Entry entry(Path p, String name) {
    long ino = 0;
    int type = 0;
    try {
      Map<String, Object> a = Files.readAttributes(p, "unix:ino,mode", LinkOption.NOFOLLOW_LINKS);
      ino = (Long) a.get("ino");
      type = ((Integer) a.get("mode") & Abi.S_IFMT) >>> 12;
    } catch (IOException | UnsupportedOperationException e) {
      // Vanished meanwhile: DT_UNKNOWN, as a file system without d_type would report.
    }
    return new Entry(ino, type, name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  int read(byte[] b, int off, int len) {
    throw new SyscallError(Errno.EISDIR);
  }

  @Override
  int write(byte[] b, int off, int len) {
    throw new SyscallError(Errno.EBADF);
  }

  @Override
  long seek(long offset, int whence) {
    long p;
    if (whence == Abi.SEEK_SET) {
      p = offset;
    } else if (whence == Abi.SEEK_CUR) {
      p = pos + offset;
    } else {
      throw new SyscallError(Errno.EINVAL);
    }
    if (p < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    if (p == 0) {
      entries = null;
    }
    pos = (int) Math.min(p, Integer.MAX_VALUE);
    return pos;
  }

  @Override
  Path statPath() {
    return path;
  }

  @Override
  String describe() {
    return path.toString();
  }
}
