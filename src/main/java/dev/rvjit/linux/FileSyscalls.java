package dev.rvjit.linux;

import dev.rvjit.memory.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessMode;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * File-system and fd system calls: I/O, open/close, stat, directories, paths, ioctl, fcntl,
 * dup and pipes. Paths pass through to the host file system, as with qemu-riscv64; absolute paths
 * for open, stat, access and readlink are first tried under the sysroot (qemu's {@code -L}).
 *
 * <p>Each method returns the syscall result and signals errors by throwing {@link SyscallError}
 * or a host {@link IOException}, which {@link LinuxSyscalls} turns into {@code -errno}.
 */
final class FileSyscalls {
  /** Linux's MAX_RW_COUNT: the most one read or write transfers. */
  private static final long MAX_RW = 0x7ffff000L;
  private static final int CHUNK = 1 << 20;

  private final GuestProcess p;
  private final Memory mem;
  final FdTable fds = new FdTable();
  /** The guest's working directory (the JVM's own never changes). */
  Path cwd = Path.of("").toAbsolutePath();
  /** The guest's file-creation mask. */
  int umask = 022;
  private final byte[] scratch = new byte[65536];

  FileSyscalls(GuestProcess p, boolean stdioTty) {
    this.p = p;
    this.mem = p.mem;
    if (p.fs.confined() && p.fs.toGuest(cwd) == null) {
      cwd = p.fs.resolve("/", "/", true).host(); // the host cwd lies outside the view: start at /
    }
    fds.install(new StdioFile(0, p.stdin, null, stdioTty), 0, false);
    fds.install(new StdioFile(1, null, p.stdout, stdioTty), 1, false);
    fds.install(new StdioFile(2, null, p.stderr, stdioTty), 2, false);
  }

  private byte[] buffer(int n) {
    return n <= scratch.length ? scratch : new byte[n];
  }

  // ---------------------------------------------------------------- read / write family

  long read(long fd, long buf, long count) throws IOException {
    OpenFile f = fds.get(fd);
    if (!f.readable()) {
      throw new SyscallError(Errno.EBADF);
    }
    return transferIn(f, buf, count, -1);
  }

  long pread64(long fd, long buf, long count, long pos) throws IOException {
    OpenFile f = fds.get(fd);
    if (!f.readable()) {
      throw new SyscallError(Errno.EBADF);
    }
    if (pos < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    return transferIn(f, buf, count, pos);
  }

  /**
   * Reads from {@code f} into guest memory, at {@code pos} or (when negative) the offset. As under
   * Linux, only the bytes actually stored must fit in writable memory: a buffer that ends early
   * gives a short read (the rest is put back for seekable files), or EFAULT if nothing fit.
   */
  private long transferIn(OpenFile f, long buf, long count, long pos) throws IOException {
    if (count < 0 || count > MAX_RW) {
      count = MAX_RW;
    }
    GuestData.checkWritable(mem, buf, Math.min(count, 1));
    long total = 0;
    while (total < count) {
      int chunk = (int) Math.min(count - total, CHUNK);
      byte[] b = buffer(chunk);
      int n = pos < 0 ? f.read(b, 0, chunk) : f.pread(b, 0, chunk, pos + total);
      if (n > 0) {
        int fit = (int) GuestData.writablePrefix(mem, buf + total, n);
        mem.write(buf + total, b, 0, fit);
        total += fit;
        if (fit < n) {
          if (pos < 0 && f instanceof HostFile) {
            f.seek(fit - n, Abi.SEEK_CUR);
          }
          if (total == 0) {
            throw new SyscallError(Errno.EFAULT);
          }
          break;
        }
      }
      if (n < chunk || !(f instanceof HostFile) || !((HostFile) f).regular) {
        break;
      }
    }
    return total;
  }

  long write(long fd, long buf, long count) throws IOException {
    OpenFile f = fds.get(fd);
    if (!f.writable()) {
      throw new SyscallError(Errno.EBADF);
    }
    return transferOut(f, buf, count, -1);
  }

  long pwrite64(long fd, long buf, long count, long pos) throws IOException {
    OpenFile f = fds.get(fd);
    if (!f.writable()) {
      throw new SyscallError(Errno.EBADF);
    }
    if (pos < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    return transferOut(f, buf, count, pos);
  }

  private long transferOut(OpenFile f, long buf, long count, long pos) throws IOException {
    if (count < 0 || count > MAX_RW) {
      count = MAX_RW;
    }
    long total = 0;
    while (total < count) {
      int chunk = (int) Math.min(count - total, CHUNK);
      byte[] b = buffer(chunk);
      mem.read(buf + total, b, 0, chunk);
      int n = pos < 0 ? f.write(b, 0, chunk) : f.pwrite(b, 0, chunk, pos + total);
      total += n;
      if (n < chunk) {
        break;
      }
    }
    return total;
  }

  /** Reads a guest iovec array: base and length pairs. */
  private long[] iovecs(long iov, long iovcnt) {
    if (iovcnt < 0 || iovcnt > 1024) {
      throw new SyscallError(Errno.EINVAL);
    }
    ByteBuffer b = ByteBuffer.wrap(mem.read(iov, (int) iovcnt * 16))
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long[] v = new long[(int) iovcnt * 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.getLong(8 * i);
    }
    return v;
  }

  long readv(long fd, long iov, long iovcnt) throws IOException {
    OpenFile f = fds.get(fd);
    if (!f.readable()) {
      throw new SyscallError(Errno.EBADF);
    }
    long[] v = iovecs(iov, iovcnt);
    long total = 0;
    for (int i = 0; i < v.length; i += 2) {
      if (v[i + 1] == 0) {
        continue;
      }
      if (total > 0 && !(f instanceof HostFile && ((HostFile) f).regular) && f.available() <= 0) {
        break;
      }
      long n = transferIn(f, v[i], v[i + 1], -1);
      total += n;
      if (n < v[i + 1]) {
        break;
      }
    }
    return total;
  }

  long writev(long fd, long iov, long iovcnt) throws IOException {
    OpenFile f = fds.get(fd);
    if (!f.writable()) {
      throw new SyscallError(Errno.EBADF);
    }
    long[] v = iovecs(iov, iovcnt);
    long sum = 0;
    for (int i = 1; i < v.length; i += 2) {
      if (v[i] < 0 || (sum += v[i]) > MAX_RW) {
        throw new SyscallError(Errno.EINVAL);
      }
    }
    // Gather into one buffer so the data reaches the file in one write, as Linux does.
    byte[] all = new byte[(int) sum];
    int at = 0;
    for (int i = 0; i < v.length; i += 2) {
      mem.read(v[i], all, at, (int) v[i + 1]);
      at += (int) v[i + 1];
    }
    return sum == 0 ? 0 : f.write(all, 0, all.length);
  }

  long lseek(long fd, long offset, long whence) throws IOException {
    return fds.get(fd).seek(offset, (int) whence);
  }

  long ftruncate(long fd, long length) throws IOException {
    OpenFile f = fds.get(fd);
    if (length < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    if (!(f instanceof HostFile) || !f.writable()) {
      throw new SyscallError(f instanceof HostFile ? Errno.EBADF : Errno.EINVAL);
    }
    resize(f.channel(), length);
    return 0;
  }

  /** posix_fadvise: advice is accepted and ignored; pipes answer ESPIPE as under Linux. */
  long fadvise64(long fd, long offset, long len, long advice) {
    OpenFile f = fds.get(fd);
    if (f instanceof Pipe.End) {
      throw new SyscallError(Errno.ESPIPE);
    }
    if (advice < 0 || advice > 5 || len < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    return 0;
  }

  long fsync(long fd) {
    fds.get(fd);
    return 0;
  }

  // ---------------------------------------------------------------- paths

  /**
   * The host path a guest path names. Relative paths resolve against {@code dirfd} (or the guest's
   * cwd for AT_FDCWD); absolute ones against the sysroot first when {@code viaSysroot}.
   */
  Path resolve(long dirfd, String s, boolean viaSysroot) {
    if (s.isEmpty()) {
      throw new SyscallError(Errno.ENOENT);
    }
    try {
      if (s.startsWith("/")) {
        if (isSelfExe(s)) {
          return p.exePath.toAbsolutePath();
        }
        if (viaSysroot && p.sysroot != null && !s.equals("/")) {
          Path c = Path.of(p.sysroot.toString() + s);
          if (Files.exists(c, LinkOption.NOFOLLOW_LINKS)) {
            return c;
          }
        }
        return Path.of(s);
      }
      return dirPath(dirfd).resolve(s);
    } catch (InvalidPathException e) {
      throw new SyscallError(Errno.ENOENT);
    }
  }

  /** {@link #path} flags: follow a symbolic link in the last component. */
  static final int FOLLOW = 1;
  /** {@link #path} flags: the call changes what the path names (EROFS in a read-only mount). */
  static final int WRITE = 2;
  /** {@link #path} flags: a lookup for reading, tried in the sysroot first. */
  static final int LOOKUP = 4;

  /** The mount the last {@link #path} call resolved into (confined view; EXDEV checks). */
  private GuestFs.Mount lastMount;

  /**
   * The host path a guest path names, for a call that behaves as {@code how} says. Without
   * {@code --root}/{@code --mount} this is {@link #resolve}; in a confined view the path is
   * resolved by {@link GuestFs} (never leaving the mounts, links followed inside) and writes to
   * a read-only mount fail with EROFS.
   */
  Path path(long dirfd, String s, int how) {
    GuestFs fs = p.fs;
    if (!fs.confined()) {
      return resolve(dirfd, s, (how & LOOKUP) != 0);
    }
    if (s.isEmpty()) {
      throw new SyscallError(Errno.ENOENT);
    }
    lastMount = null;
    if (isSelfExe(s)) {
      if ((how & WRITE) != 0) {
        throw new SyscallError(Errno.ETXTBSY);
      }
      return p.exePath.toAbsolutePath();
    }
    String base = s.startsWith("/") ? "/" : guestDir(dirfd);
    boolean follow = (how & FOLLOW) != 0;
    GuestFs.Resolved r = null;
    if ((how & LOOKUP) != 0 && (how & WRITE) == 0) {
      r = fs.resolveInSysroot(base, s, follow);
    }
    if (r == null) {
      r = fs.resolve(base, s, follow);
    }
    if ((how & WRITE) != 0 && r.readOnly()) {
      throw new SyscallError(Errno.EROFS);
    }
    lastMount = r.mount();
    return r.host();
  }

  /** The guest name of the directory a dirfd stands for (confined view). */
  private String guestDir(long dirfd) {
    String g = p.fs.toGuest(dirPath(dirfd));
    if (g == null) {
      throw new SyscallError(Errno.ENOENT);
    }
    return g;
  }

  /** EROFS if {@code hp} (an open file's host path) lies in a read-only mount. */
  private void checkWritableHost(Path hp) {
    if (hp != null && p.fs.confined()) {
      String g = p.fs.toGuest(hp);
      if (g == null || p.fs.resolve("/", g, false).readOnly()) {
        throw new SyscallError(Errno.EROFS);
      }
    }
  }

  /** Link options for host calls on resolved paths: never follow a link in a confined view. */
  private LinkOption[] noFollowIfConfined(boolean nofollow) {
    return nofollow || p.fs.confined() ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS}
        : new LinkOption[0];
  }

  /** True for /proc/self/exe (or /proc/PID/exe), which names the guest executable. */
  private boolean isSelfExe(String s) {
    return p.exePath != null && s.startsWith("/proc/") && s.endsWith("/exe")
        && (s.equals("/proc/self/exe")
            || s.equals("/proc/" + ProcessHandle.current().pid() + "/exe"));
  }

  /** The directory a dirfd stands for. */
  private Path dirPath(long dirfd) {
    if ((int) dirfd == Abi.AT_FDCWD) {
      return cwd;
    }
    OpenFile f = fds.get((int) dirfd);
    if (!(f instanceof HostDirectory)) {
      throw new SyscallError(Errno.ENOTDIR);
    }
    return ((HostDirectory) f).path;
  }

  /** ENOTDIR when a path written with a trailing slash names something that is not a directory. */
  private static void checkTrailingSlash(String s, Path hp) {
    if (s.endsWith("/") && Files.exists(hp) && !Files.isDirectory(hp)) {
      throw new SyscallError(Errno.ENOTDIR);
    }
  }

  /** Sets a host file's permission bits (including set-id and sticky bits) exactly. */
  private static void setMode(Path hp, long mode, LinkOption... lo) throws IOException {
    Files.setAttribute(hp, "unix:mode", (int) mode & 07777, lo);
  }

  // ---------------------------------------------------------------- open / close

  long openat(long dirfd, long pathAddr, long flagsArg, long mode) throws IOException {
    int flags = (int) flagsArg;
    String s = GuestData.path(mem, pathAddr);
    int acc = flags & Abi.O_ACCMODE;
    if (acc == 3) {
      throw new SyscallError(Errno.EINVAL);
    }
    if ((flags & Abi.O_TMPFILE) == Abi.O_TMPFILE) {
      throw new SyscallError(Errno.EOPNOTSUPP);
    }
    boolean nofollow = (flags & Abi.O_NOFOLLOW) != 0;
    boolean writes = acc != Abi.O_RDONLY || (flags & (Abi.O_CREAT | Abi.O_TRUNC)) != 0;
    Path hp = path(dirfd, s, LOOKUP | (nofollow ? 0 : FOLLOW) | (writes ? WRITE : 0));
    boolean cloexec = (flags & Abi.O_CLOEXEC) != 0;
    int kept = flags & ~(Abi.O_CREAT | Abi.O_EXCL | Abi.O_NOCTTY | Abi.O_TRUNC | Abi.O_CLOEXEC);
    LinkOption[] lo = noFollowIfConfined(nofollow);
    if (Files.isDirectory(hp, lo)) {
      if ((flags & (Abi.O_CREAT | Abi.O_EXCL)) == (Abi.O_CREAT | Abi.O_EXCL)) {
        throw new SyscallError(Errno.EEXIST);
      }
      if (acc != Abi.O_RDONLY || (flags & Abi.O_CREAT) != 0) {
        throw new SyscallError(Errno.EISDIR);
      }
      Files.readAttributes(hp, "unix:mode"); // EACCES and the like, before handing out an fd
      return fds.install(new HostDirectory(hp, kept), 0, cloexec);
    }
    if ((flags & Abi.O_DIRECTORY) != 0) {
      throw new SyscallError(Files.exists(hp, lo) || Files.isSymbolicLink(hp) ? Errno.ENOTDIR
          : Errno.ENOENT);
    }
    if (nofollow && Files.isSymbolicLink(hp)) {
      throw new SyscallError(Errno.ELOOP);
    }
    checkTrailingSlash(s, hp);
    if (s.endsWith("/")) {
      throw new SyscallError((flags & Abi.O_CREAT) != 0 ? Errno.EISDIR : Errno.ENOENT);
    }
    boolean created = false;
    if ((flags & Abi.O_CREAT) != 0) {
      try {
        Files.createFile(hp);
        created = true;
      } catch (FileAlreadyExistsException e) {
        if ((flags & Abi.O_EXCL) != 0) {
          throw e;
        }
      }
    }
    Set<OpenOption> opts = new HashSet<>();
    if (acc != Abi.O_WRONLY) {
      opts.add(StandardOpenOption.READ);
    }
    if (acc != Abi.O_RDONLY) {
      opts.add(StandardOpenOption.WRITE);
    }
    if (nofollow || p.fs.confined()) {
      opts.add(LinkOption.NOFOLLOW_LINKS);
    }
    FileChannel ch;
    try {
      ch = FileChannel.open(hp, opts);
    } catch (IOException | RuntimeException e) {
      if (created) {
        Files.deleteIfExists(hp);
      }
      throw e;
    }
    if (created) {
      setMode(hp, mode & ~umask);
    }
    if ((flags & Abi.O_TRUNC) != 0 && acc != Abi.O_RDONLY && Files.isRegularFile(hp)) {
      ch.truncate(0);
    }
    try {
      return fds.install(new HostFile(ch, hp, kept, Files.isRegularFile(hp)), 0, cloexec);
    } catch (SyscallError e) {
      ch.close();
      throw e;
    }
  }

  long close(long fd) throws IOException {
    fds.close(fd);
    return 0;
  }

  // ---------------------------------------------------------------- stat family

  FileStat statOf(OpenFile f) throws IOException {
    Path sp = f.statPath();
    if (sp != null) {
      try {
        return FileStat.of(sp, true);
      } catch (NoSuchFileException | UnsupportedOperationException e) {
        // An unlinked file, or a host without /proc: describe it from what is known.
      }
    }
    long ino = f instanceof Pipe.End ? ((Pipe.End) f).pipe().ino : 0;
    long size = f instanceof HostFile ? ((HostFile) f).size() : 0;
    return FileStat.synthetic(f.syntheticMode(), ino, size);
  }

  private FileStat statAt(long dirfd, long pathAddr, int flags) throws IOException {
    String s = GuestData.path(mem, pathAddr);
    if (s.isEmpty() && (flags & Abi.AT_EMPTY_PATH) != 0) {
      if ((int) dirfd == Abi.AT_FDCWD) {
        return FileStat.of(cwd, true);
      }
      return statOf(fds.get(dirfd));
    }
    boolean follow = (flags & Abi.AT_SYMLINK_NOFOLLOW) == 0;
    Path hp = path(dirfd, s, LOOKUP | (follow ? FOLLOW : 0));
    checkTrailingSlash(s, hp);
    return FileStat.of(hp, follow && !p.fs.confined());
  }

  long fstat(long fd, long buf) throws IOException {
    FileStat st = statOf(fds.get(fd));
    mem.write(buf, st.toStat(), 0, FileStat.STAT_SIZE);
    return 0;
  }

  long newfstatat(long dirfd, long pathAddr, long buf, long flags) throws IOException {
    if ((flags & ~(Abi.AT_SYMLINK_NOFOLLOW | Abi.AT_EMPTY_PATH | Abi.AT_NO_AUTOMOUNT)) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    GuestData.checkWritable(mem, buf, FileStat.STAT_SIZE);
    FileStat st = statAt(dirfd, pathAddr, (int) flags);
    mem.write(buf, st.toStat(), 0, FileStat.STAT_SIZE);
    return 0;
  }

  long statx(long dirfd, long pathAddr, long flags, long mask, long buf) throws IOException {
    long known = Abi.AT_SYMLINK_NOFOLLOW | Abi.AT_EMPTY_PATH | Abi.AT_NO_AUTOMOUNT
        | Abi.AT_STATX_SYNC_TYPE;
    if ((flags & ~known) != 0 || (flags & Abi.AT_STATX_SYNC_TYPE) == Abi.AT_STATX_SYNC_TYPE
        || (mask & 0x80000000L) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    GuestData.checkWritable(mem, buf, FileStat.STATX_SIZE);
    FileStat st = statAt(dirfd, pathAddr, (int) flags);
    mem.write(buf, st.toStatx(), 0, FileStat.STATX_SIZE);
    return 0;
  }

  long faccessat(long dirfd, long pathAddr, long mode, long flags) throws IOException {
    if ((mode & ~7L) != 0
        || (flags & ~(Abi.AT_EACCESS | Abi.AT_SYMLINK_NOFOLLOW | Abi.AT_EMPTY_PATH)) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    String s = GuestData.path(mem, pathAddr);
    Path hp;
    if (s.isEmpty() && (flags & Abi.AT_EMPTY_PATH) != 0) {
      OpenFile f = (int) dirfd == Abi.AT_FDCWD ? null : fds.get(dirfd);
      hp = f == null ? cwd : f.statPath();
      if (hp == null) {
        return 0;
      }
    } else {
      hp = path(dirfd, s, LOOKUP | ((flags & Abi.AT_SYMLINK_NOFOLLOW) != 0 ? 0 : FOLLOW));
      if ((mode & 2) != 0 && p.fs.confined() && lastMount != null && lastMount.readOnly()) {
        throw new SyscallError(Errno.EROFS);
      }
    }
    checkTrailingSlash(s, hp);
    List<AccessMode> modes = new java.util.ArrayList<>();
    if ((mode & 4) != 0) {
      modes.add(AccessMode.READ);
    }
    if ((mode & 2) != 0) {
      modes.add(AccessMode.WRITE);
    }
    if ((mode & 1) != 0) {
      modes.add(AccessMode.EXECUTE);
    }
    hp.getFileSystem().provider().checkAccess(hp, modes.toArray(new AccessMode[0]));
    return 0;
  }

  long readlinkat(long dirfd, long pathAddr, long buf, long bufsiz) throws IOException {
    if ((int) bufsiz <= 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    String s = GuestData.path(mem, pathAddr);
    byte[] target;
    if (isSelfExe(s)) {
      target = selfExeName().getBytes(StandardCharsets.UTF_8);
    } else {
      Path hp = path(dirfd, s, LOOKUP);
      target = Files.readSymbolicLink(hp).toString().getBytes(StandardCharsets.UTF_8);
    }
    int n = (int) Math.min(target.length, bufsiz);
    mem.write(buf, target, 0, n);
    return n;
  }

  /**
   * What readlink("/proc/self/exe") shows: the host path, or in a confined view the executable's
   * guest path when it lies inside the view (else the host path as the user named it).
   */
  private String selfExeName() {
    String host = p.exePath.toAbsolutePath().toString();
    if (p.fs.confined()) {
      String g = p.fs.toGuest(p.exePath.toAbsolutePath());
      return g != null ? g : host;
    }
    return host;
  }

  // ---------------------------------------------------------------- directories

  /** The guest's working directory as the guest names it. */
  String guestCwd() {
    if (p.fs.confined()) {
      String g = p.fs.toGuest(cwd);
      return g != null ? g : "/";
    }
    return cwd.toString();
  }

  long getcwd(long buf, long size) {
    byte[] b = (guestCwd() + "\0").getBytes(StandardCharsets.UTF_8);
    if (size < b.length) {
      throw new SyscallError(Errno.ERANGE);
    }
    mem.write(buf, b, 0, b.length);
    return b.length;
  }

  long chdir(long pathAddr) throws IOException {
    Path hp = path(Abi.AT_FDCWD, GuestData.path(mem, pathAddr), FOLLOW);
    if (!Files.isDirectory(hp)) {
      throw new SyscallError(Files.exists(hp) ? Errno.ENOTDIR : Errno.ENOENT);
    }
    cwd = p.fs.confined() ? hp.toRealPath(LinkOption.NOFOLLOW_LINKS) : hp.toRealPath();
    return 0;
  }

  long fchdir(long fd) throws IOException {
    OpenFile f = fds.get(fd);
    if (!(f instanceof HostDirectory)) {
      throw new SyscallError(Errno.ENOTDIR);
    }
    Path d = ((HostDirectory) f).path;
    cwd = p.fs.confined() ? d.toRealPath(LinkOption.NOFOLLOW_LINKS) : d.toRealPath();
    return 0;
  }

  long mkdirat(long dirfd, long pathAddr, long mode) throws IOException {
    Path hp = path(dirfd, GuestData.path(mem, pathAddr), WRITE);
    Files.createDirectory(hp);
    setMode(hp, mode & ~umask & 01777);
    return 0;
  }

  long unlinkat(long dirfd, long pathAddr, long flags) throws IOException {
    if ((flags & ~Abi.AT_REMOVEDIR) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    String s = GuestData.path(mem, pathAddr);
    Path hp = path(dirfd, s, WRITE);
    boolean dir = Files.isDirectory(hp, LinkOption.NOFOLLOW_LINKS);
    if ((flags & Abi.AT_REMOVEDIR) != 0) {
      if (!dir) {
        throw new SyscallError(Files.exists(hp, LinkOption.NOFOLLOW_LINKS) ? Errno.ENOTDIR
            : Errno.ENOENT);
      }
      if (hp.getFileName() != null && hp.getFileName().toString().equals(".")) {
        throw new SyscallError(Errno.EINVAL);
      }
    } else {
      if (dir) {
        throw new SyscallError(Errno.EISDIR);
      }
      checkTrailingSlash(s, hp);
    }
    Files.delete(hp);
    return 0;
  }

  long renameat2(long olddirfd, long oldAddr, long newdirfd, long newAddr, long flags)
      throws IOException {
    // RENAME_NOREPLACE is supported; RENAME_EXCHANGE and RENAME_WHITEOUT are not (EINVAL).
    if ((flags & ~1L) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    Path from = path(olddirfd, GuestData.path(mem, oldAddr), WRITE);
    GuestFs.Mount fromMount = lastMount;
    Path to = path(newdirfd, GuestData.path(mem, newAddr), WRITE);
    if (fromMount != lastMount) {
      throw new SyscallError(Errno.EXDEV);
    }
    if ((flags & 1) != 0 && Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
      throw new SyscallError(Errno.EEXIST);
    }
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    return 0;
  }

  long symlinkat(long targetAddr, long newdirfd, long linkAddr) throws IOException {
    String target = GuestData.path(mem, targetAddr);
    Path link = path(newdirfd, GuestData.path(mem, linkAddr), WRITE);
    Files.createSymbolicLink(link, Path.of(target));
    return 0;
  }

  long linkat(long olddirfd, long oldAddr, long newdirfd, long newAddr, long flags)
      throws IOException {
    if ((flags & ~(long) (Abi.AT_SYMLINK_FOLLOW | Abi.AT_EMPTY_PATH)) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    boolean follow = (flags & Abi.AT_SYMLINK_FOLLOW) != 0;
    Path from = path(olddirfd, GuestData.path(mem, oldAddr), follow ? FOLLOW : 0);
    GuestFs.Mount fromMount = lastMount;
    Path to = path(newdirfd, GuestData.path(mem, newAddr), WRITE);
    if (fromMount != lastMount) {
      throw new SyscallError(Errno.EXDEV);
    }
    if (follow && !p.fs.confined()) {
      from = from.toRealPath();
    }
    Files.createLink(to, from);
    return 0;
  }

  long truncate(long pathAddr, long length) throws IOException {
    if (length < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    Path hp = path(Abi.AT_FDCWD, GuestData.path(mem, pathAddr), FOLLOW | WRITE);
    if (Files.isDirectory(hp)) {
      throw new SyscallError(Errno.EISDIR);
    }
    try (FileChannel ch = FileChannel.open(hp, StandardOpenOption.WRITE)) {
      resize(ch, length);
    }
    return 0;
  }

  private static void resize(FileChannel ch, long length) throws IOException {
    if (length < ch.size()) {
      ch.truncate(length);
    } else if (length > ch.size()) {
      ch.write(ByteBuffer.wrap(new byte[1]), length - 1);
    }
  }

  long fchmod(long fd, long mode) throws IOException {
    Path hp = fds.get(fd).statPath();
    if (hp == null) {
      return 0; // a pipe: nothing on disk to change
    }
    checkWritableHost(hp);
    setMode(hp, mode);
    return 0;
  }

  long fchmodat(long dirfd, long pathAddr, long mode) throws IOException {
    setMode(path(dirfd, GuestData.path(mem, pathAddr), FOLLOW | WRITE), mode,
        noFollowIfConfined(false));
    return 0;
  }

  /** UTIME_NOW and UTIME_OMIT, special tv_nsec values of utimensat. */
  private static final long UTIME_NOW = (1L << 30) - 1;
  private static final long UTIME_OMIT = (1L << 30) - 2;

  long utimensat(long dirfd, long pathAddr, long times, long flags) throws IOException {
    if ((flags & ~(long) (Abi.AT_SYMLINK_NOFOLLOW | Abi.AT_EMPTY_PATH)) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    Path hp;
    String s = pathAddr == 0 ? "" : GuestData.path(mem, pathAddr);
    if (s.isEmpty() && (pathAddr == 0 || (flags & Abi.AT_EMPTY_PATH) != 0)) {
      hp = (int) dirfd == Abi.AT_FDCWD ? cwd : fds.get(dirfd).statPath();
      if (hp == null) {
        return 0;
      }
      checkWritableHost(hp);
    } else {
      hp = path(dirfd, s, WRITE | ((flags & Abi.AT_SYMLINK_NOFOLLOW) != 0 ? 0 : FOLLOW));
    }
    FileTime now = FileTime.from(java.time.Instant.now());
    FileTime atime = now;
    FileTime mtime = now;
    if (times != 0) {
      ByteBuffer b = ByteBuffer.wrap(mem.read(times, 32)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      atime = fileTime(b.getLong(0), b.getLong(8), now);
      mtime = fileTime(b.getLong(16), b.getLong(24), now);
    }
    LinkOption[] lo = noFollowIfConfined((flags & Abi.AT_SYMLINK_NOFOLLOW) != 0);
    Files.getFileAttributeView(hp, BasicFileAttributeView.class, lo).setTimes(mtime, atime, null);
    return 0;
  }

  /** A utimensat timestamp: null for UTIME_OMIT (leave unchanged), {@code now} for UTIME_NOW. */
  private static FileTime fileTime(long sec, long nsec, FileTime now) {
    if (nsec == UTIME_OMIT) {
      return null;
    }
    if (nsec == UTIME_NOW) {
      return now;
    }
    if (nsec < 0 || nsec > 999_999_999L) {
      throw new SyscallError(Errno.EINVAL);
    }
    return FileTime.from(java.time.Instant.ofEpochSecond(sec, nsec));
  }

  long getdents64(long fd, long dirp, long count) throws IOException {
    OpenFile f = fds.get(fd);
    if (!(f instanceof HostDirectory)) {
      throw new SyscallError(Errno.ENOTDIR);
    }
    HostDirectory d = (HostDirectory) f;
    List<HostDirectory.Entry> list = d.entries();
    int cap = (int) Math.min(Math.max(count, 0), 1 << 20);
    ByteBuffer b = GuestData.struct(cap);
    int off = 0;
    int i = d.pos;
    for (; i < list.size(); i++) {
      HostDirectory.Entry e = list.get(i);
      int reclen = (19 + e.name.length + 1 + 7) & ~7;
      if (off + reclen > cap) {
        if (off == 0) {
          throw new SyscallError(Errno.EINVAL);
        }
        break;
      }
      b.putLong(off, e.ino);
      b.putLong(off + 8, i + 1);
      b.putShort(off + 16, (short) reclen);
      b.put(off + 18, (byte) e.type);
      b.put(off + 19, e.name);
      off += reclen;
    }
    mem.write(dirp, b.array(), 0, off);
    d.pos = i;
    return off;
  }

  // ---------------------------------------------------------------- fd control

  long ioctl(long fd, long request, long arg) throws IOException {
    OpenFile f = fds.get(fd);
    switch ((int) request) {
      case Abi.FIOCLEX:
        fds.setCloseOnExec(fd, true);
        return 0;
      case Abi.FIONCLEX:
        fds.setCloseOnExec(fd, false);
        return 0;
      case Abi.FIONBIO:
        f.flags = GuestData.readInt(mem, arg) != 0 ? f.flags | Abi.O_NONBLOCK
            : f.flags & ~Abi.O_NONBLOCK;
        return 0;
      case Abi.FIONREAD:
        if (f instanceof HostDirectory) {
          throw new SyscallError(Errno.ENOTTY);
        }
        GuestData.writeInt(mem, arg, (int) Math.min(Integer.MAX_VALUE, f.available()));
        return 0;
      default:
        break;
    }
    if (!f.isTty()) {
      throw new SyscallError(Errno.ENOTTY);
    }
    return Terminal.ioctl(mem, (int) request, arg);
  }

  long fcntl(long fd, long cmd, long arg) throws IOException {
    OpenFile f = fds.get(fd);
    switch ((int) cmd) {
      case Abi.F_DUPFD:
      case Abi.F_DUPFD_CLOEXEC:
        if (arg < 0 || arg >= fds.limit) {
          throw new SyscallError(Errno.EINVAL);
        }
        return fds.install(f, (int) arg, cmd == Abi.F_DUPFD_CLOEXEC);
      case Abi.F_GETFD:
        return fds.closeOnExec(fd) ? Abi.FD_CLOEXEC : 0;
      case Abi.F_SETFD:
        fds.setCloseOnExec(fd, (arg & Abi.FD_CLOEXEC) != 0);
        return 0;
      case Abi.F_GETFL:
        return f.flags;
      case Abi.F_SETFL:
        f.flags = (f.flags & ~Abi.SETFL_MASK) | ((int) arg & Abi.SETFL_MASK);
        return 0;
      case Abi.F_GETLK:
        // One process: no other lock can conflict. l_type is the first field of struct flock.
        mem.write(arg, new byte[] {Abi.F_UNLCK, 0}, 0, 2);
        return 0;
      case Abi.F_SETLK:
      case Abi.F_SETLKW:
        return 0;
      default:
        throw new SyscallError(Errno.EINVAL);
    }
  }

  long dup(long fd) {
    return fds.install(fds.get(fd), 0, false);
  }

  long dup3(long oldfd, long newfd, long flags) throws IOException {
    if ((flags & ~Abi.O_CLOEXEC) != 0 || oldfd == newfd) {
      throw new SyscallError(Errno.EINVAL);
    }
    OpenFile f = fds.get(oldfd);
    if (newfd < 0 || newfd >= fds.limit) {
      throw new SyscallError(Errno.EBADF);
    }
    fds.installAt((int) newfd, f, (flags & Abi.O_CLOEXEC) != 0);
    return newfd;
  }

  long pipe2(long fdsAddr, long flags) throws IOException {
    if ((flags & ~(Abi.O_CLOEXEC | Abi.O_NONBLOCK | Abi.O_DIRECT)) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    GuestData.checkWritable(mem, fdsAddr, 8);
    Pipe pipe = new Pipe();
    int status = (int) flags & (Abi.O_NONBLOCK | Abi.O_DIRECT);
    boolean cloexec = (flags & Abi.O_CLOEXEC) != 0;
    Pipe.End r = pipe.new End(true, status);
    Pipe.End w = pipe.new End(false, status);
    int rfd = fds.install(r, 0, cloexec);
    int wfd;
    try {
      wfd = fds.install(w, 0, cloexec);
    } catch (SyscallError e) {
      fds.close(rfd);
      w.release();
      throw e;
    }
    GuestData.writeLongs(mem, fdsAddr, (rfd & 0xffffffffL) | ((long) wfd << 32));
    return 0;
  }

  long umask(long mask) {
    int old = umask;
    umask = (int) mask & 0777;
    return old;
  }
}
