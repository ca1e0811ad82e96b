package dev.rvjit.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directories, paths and the stat family: getdents64, mkdir/unlink/rename, stat, access. */
class DirectorySyscallTest extends AbstractSyscallTest {
  @TempDir
  Path dir;

  /** Parses linux_dirent64 records into name to d_type. */
  private Map<String, Integer> parse(long buf, int n) {
    ByteBuffer b = ByteBuffer.wrap(mem.read(buf, n)).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, Integer> m = new HashMap<>();
    int off = 0;
    while (off < n) {
      int reclen = b.getShort(off + 16);
      int type = b.get(off + 18);
      int end = off + 19;
      while (b.get(end) != 0) {
        end++;
      }
      m.put(new String(b.array(), off + 19, end - off - 19, StandardCharsets.UTF_8), type);
      assertEquals(0, reclen % 8);
      off += reclen;
    }
    return m;
  }

  @Test
  void getdents64ListsEverythingWithTypes() throws Exception {
    Files.writeString(dir.resolve("file"), "x");
    Files.createDirectory(dir.resolve("sub"));
    Files.createSymbolicLink(dir.resolve("ln"), dir.resolve("file"));
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, str(dir.toString()),
        Abi.O_RDONLY | Abi.O_DIRECTORY);
    long buf = alloc(4096);
    long n = call(Sysno.GETDENTS64, fd, buf, 4096);
    assertTrue(n > 0);
    Map<String, Integer> m = parse(buf, (int) n);
    assertEquals(Map.of(".", 4, "..", 4, "file", 8, "sub", 4, "ln", 10), m);
    assertEquals(0, call(Sysno.GETDENTS64, fd, buf, 4096), "end of directory");
    assertEquals(0, call(Sysno.LSEEK, fd, 0, Abi.SEEK_SET));
    assertEquals(n, call(Sysno.GETDENTS64, fd, buf, 4096), "rewound");
    assertEquals(0, call(Sysno.LSEEK, fd, 0, Abi.SEEK_SET));
    assertEquals(-Errno.EINVAL, call(Sysno.GETDENTS64, fd, buf, 10), "buffer too small");
    long ino = ByteBuffer.wrap(mem.read(buf, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(Files.getAttribute(dir, "unix:ino"), ino, "d_ino of .");
    assertEquals(-Errno.EISDIR, call(Sysno.READ, fd, buf, 10));
  }

  @Test
  void getdents64InSmallPieces() throws Exception {
    for (int i = 0; i < 20; i++) {
      Files.writeString(dir.resolve("f" + i), "");
    }
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, str(dir.toString()), Abi.O_RDONLY);
    long buf = alloc(100);
    Map<String, Integer> all = new HashMap<>();
    for (long n; (n = call(Sysno.GETDENTS64, fd, buf, 100)) > 0; ) {
      all.putAll(parse(buf, (int) n));
    }
    assertEquals(22, all.size());
    long file = call(Sysno.OPENAT, Abi.AT_FDCWD, str(dir.resolve("f1").toString()), 0);
    assertEquals(-Errno.ENOTDIR, call(Sysno.GETDENTS64, file, buf, 100));
  }

  @Test
  void mkdirUnlinkRename() throws Exception {
    long d = str(dir.resolve("new").toString());
    assertEquals(0, call(Sysno.MKDIRAT, Abi.AT_FDCWD, d, 0755));
    assertTrue(Files.isDirectory(dir.resolve("new")));
    assertEquals(-Errno.EEXIST, call(Sysno.MKDIRAT, Abi.AT_FDCWD, d, 0755));
    Files.writeString(dir.resolve("new/inner"), "x");
    assertEquals(-Errno.EISDIR, call(Sysno.UNLINKAT, Abi.AT_FDCWD, d, 0));
    assertEquals(-Errno.ENOTEMPTY, call(Sysno.UNLINKAT, Abi.AT_FDCWD, d, Abi.AT_REMOVEDIR));
    long inner = str(dir.resolve("new/inner").toString());
    assertEquals(-Errno.ENOTDIR, call(Sysno.UNLINKAT, Abi.AT_FDCWD, inner, Abi.AT_REMOVEDIR));
    long moved = str(dir.resolve("moved").toString());
    assertEquals(0, call(Sysno.RENAMEAT, Abi.AT_FDCWD, inner, Abi.AT_FDCWD, moved));
    assertEquals("x", Files.readString(dir.resolve("moved")));
    assertEquals(0, call(Sysno.UNLINKAT, Abi.AT_FDCWD, d, Abi.AT_REMOVEDIR));
    assertFalse(Files.exists(dir.resolve("new")));
    Files.writeString(dir.resolve("other"), "y");
    long other = str(dir.resolve("other").toString());
    assertEquals(-Errno.EEXIST, call(Sysno.RENAMEAT2, Abi.AT_FDCWD, other, Abi.AT_FDCWD, moved, 1));
    assertEquals(0, call(Sysno.RENAMEAT2, Abi.AT_FDCWD, other, Abi.AT_FDCWD, moved, 0));
    assertEquals("y", Files.readString(dir.resolve("moved")));
    assertEquals(0, call(Sysno.UNLINKAT, Abi.AT_FDCWD, moved, 0));
    assertEquals(-Errno.ENOENT, call(Sysno.UNLINKAT, Abi.AT_FDCWD, moved, 0));
    assertEquals(-Errno.ENOENT, call(Sysno.MKDIRAT, Abi.AT_FDCWD,
        str(dir.resolve("no/such").toString()), 0755));
  }

  @Test
  void getcwdAndChdir() throws Exception {
    long buf = alloc(4096);
    long n = call(Sysno.GETCWD, buf, 4096);
    assertEquals(Path.of("").toAbsolutePath().toString(), string(buf, (int) n - 1));
    assertEquals(0, call(Sysno.CHDIR, str(dir.toString())));
    n = call(Sysno.GETCWD, buf, 4096);
    assertEquals(dir.toRealPath().toString(), string(buf, (int) n - 1));
    assertEquals(0, mem.peek(buf + n - 1));
    assertEquals(-Errno.ERANGE, call(Sysno.GETCWD, buf, 2));
    Files.writeString(dir.resolve("f"), "");
    assertEquals(-Errno.ENOTDIR, call(Sysno.CHDIR, str("f")));
    assertEquals(-Errno.ENOENT, call(Sysno.CHDIR, str("missing")));
  }

  @Test
  void newfstatatAndStatx() throws Exception {
    Path f = dir.resolve("s");
    Files.writeString(f, "hello");
    Files.createSymbolicLink(dir.resolve("l"), f);
    long st = alloc(FileStat.STAT_SIZE);
    assertEquals(0, call(Sysno.NEWFSTATAT, Abi.AT_FDCWD, str(f.toString()), st, 0));
    assertEquals(5, i64(st + 48));
    assertEquals(Abi.S_IFREG, i32(st + 16) & Abi.S_IFMT);
    assertEquals((int) Files.getAttribute(f, "unix:mode") & 07777, i32(st + 16) & 07777);
    long link = str(dir.resolve("l").toString());
    assertEquals(0, call(Sysno.NEWFSTATAT, Abi.AT_FDCWD, link, st, Abi.AT_SYMLINK_NOFOLLOW));
    assertEquals(Abi.S_IFLNK, i32(st + 16) & Abi.S_IFMT);
    assertEquals(0, call(Sysno.NEWFSTATAT, Abi.AT_FDCWD, link, st, 0));
    assertEquals(Abi.S_IFREG, i32(st + 16) & Abi.S_IFMT);
    long mtime = ((java.nio.file.attribute.FileTime) Files.getAttribute(f, "lastModifiedTime"))
        .toInstant().getEpochSecond();
    assertEquals(mtime, i64(st + 88));
    assertEquals(-Errno.ENOENT, call(Sysno.NEWFSTATAT, Abi.AT_FDCWD, str(dir + "/nope"), st, 0));
    assertEquals(-Errno.ENOENT, call(Sysno.NEWFSTATAT, Abi.AT_FDCWD, str(""), st, 0));
    assertEquals(0, call(Sysno.NEWFSTATAT, 1, str(""), st, Abi.AT_EMPTY_PATH));
    assertEquals(-Errno.ENOTDIR, call(Sysno.NEWFSTATAT, Abi.AT_FDCWD, str(f + "/"), st, 0));
    long sx = alloc(FileStat.STATX_SIZE);
    assertEquals(0, call(Sysno.STATX, Abi.AT_FDCWD, str(f.toString()), 0, 0x7ff, sx));
    assertEquals(0x7ff, i32(sx));
    assertEquals(5, i64(sx + 40));
    assertEquals(Abi.S_IFREG, (i32(sx + 28) & 0xffff) & Abi.S_IFMT);
    assertEquals(Files.getAttribute(f, "unix:ino"), i64(sx + 32));
    assertEquals(mtime, i64(sx + 112));
  }

  @Test
  void faccessat() throws Exception {
    Path f = dir.resolve("a");
    Files.writeString(f, "");
    long path = str(f.toString());
    assertEquals(0, call(Sysno.FACCESSAT, Abi.AT_FDCWD, path, 0));
    assertEquals(0, call(Sysno.FACCESSAT, Abi.AT_FDCWD, path, 4 | 2));
    assertEquals(-Errno.ENOENT, call(Sysno.FACCESSAT, Abi.AT_FDCWD, str(dir + "/x"), 0));
    assertEquals(-Errno.EINVAL, call(Sysno.FACCESSAT, Abi.AT_FDCWD, path, 8));
    assertEquals(0, call(Sysno.FACCESSAT2, Abi.AT_FDCWD, path, 4, Abi.AT_EACCESS));
    // faccessat has no flags argument: whatever is in a3 is ignored.
    assertEquals(0, call(Sysno.FACCESSAT, Abi.AT_FDCWD, path, 0, 0x1ca0));
  }

  @Test
  void readlinkat() throws Exception {
    Files.createSymbolicLink(dir.resolve("l"), Path.of("target/name"));
    long buf = alloc(64);
    long n = call(Sysno.READLINKAT, Abi.AT_FDCWD, str(dir + "/l"), buf, 64);
    assertEquals("target/name", string(buf, (int) n));
    assertEquals(3, call(Sysno.READLINKAT, Abi.AT_FDCWD, str(dir + "/l"), buf, 3));
    Files.writeString(dir.resolve("f"), "");
    assertEquals(-Errno.EINVAL, call(Sysno.READLINKAT, Abi.AT_FDCWD, str(dir + "/f"), buf, 64));
    p.exePath = Path.of("relative/prog");
    n = call(Sysno.READLINKAT, Abi.AT_FDCWD, str("/proc/self/exe"), buf, 64);
    assertEquals(Path.of("relative/prog").toAbsolutePath().toString(), string(buf, (int) n));
  }

  @Test
  void sysrootIsTriedFirstForAbsolutePaths() throws Exception {
    Path root = dir.resolve("root");
    Files.createDirectories(root.resolve("lib"));
    Files.writeString(root.resolve("lib/libc.so.6"), "guest libc");
    p.sysroot = root;
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, str("/lib/libc.so.6"), Abi.O_RDONLY);
    assertTrue(fd >= 3);
    long buf = alloc(16);
    assertEquals(10, call(Sysno.READ, fd, buf, 16));
    assertEquals("guest libc", string(buf, 10));
    long st = alloc(FileStat.STAT_SIZE);
    assertEquals(0, call(Sysno.NEWFSTATAT, Abi.AT_FDCWD, str("/lib/libc.so.6"), st, 0));
    assertEquals(10, i64(st + 48));
    // A path missing under the sysroot falls back to the host.
    assertEquals(0, call(Sysno.FACCESSAT, Abi.AT_FDCWD, str(dir.toString()), 0));
  }

  @Test
  void linksModesTimesAndTruncate() throws Exception {
    Path f = dir.resolve("f");
    Files.writeString(f, "content");
    long fp = str(f.toString());
    assertEquals(0, call(Sysno.SYMLINKAT, str("f"), Abi.AT_FDCWD, str(dir + "/sym")));
    assertEquals(Path.of("f"), Files.readSymbolicLink(dir.resolve("sym")));
    assertEquals(0, call(Sysno.LINKAT, Abi.AT_FDCWD, fp, Abi.AT_FDCWD, str(dir + "/hard"), 0));
    assertEquals(2, (int) Files.getAttribute(f, "unix:nlink"));
    assertEquals(-Errno.EEXIST, call(Sysno.LINKAT, Abi.AT_FDCWD, fp, Abi.AT_FDCWD,
        str(dir + "/hard"), 0));
    assertEquals(0, call(Sysno.FCHMODAT, Abi.AT_FDCWD, fp, 01640));
    assertEquals(01640, (int) Files.getAttribute(f, "unix:mode") & 07777);
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, fp, Abi.O_RDONLY);
    assertEquals(0, call(Sysno.FCHMOD, fd, 0600));
    assertEquals(0600, (int) Files.getAttribute(f, "unix:mode") & 07777);
    long times = alloc(32);
    put64(times, 1_000_000);
    put64(times + 8, 5);
    put64(times + 16, 2_000_000);
    put64(times + 24, 0);
    assertEquals(0, call(Sysno.UTIMENSAT, Abi.AT_FDCWD, fp, times, 0));
    assertEquals(2_000_000, Files.getLastModifiedTime(f).toInstant().getEpochSecond());
    put64(times + 24, (1L << 30) - 2); // UTIME_OMIT for mtime
    put64(times, 3_000_000);
    assertEquals(0, call(Sysno.UTIMENSAT, fd, 0, times, 0), "futimens");
    assertEquals(2_000_000, Files.getLastModifiedTime(f).toInstant().getEpochSecond());
    put64(times + 8, -5);
    assertEquals(-Errno.EINVAL, call(Sysno.UTIMENSAT, Abi.AT_FDCWD, fp, times, 0));
    assertEquals(0, call(Sysno.TRUNCATE, fp, 3));
    assertEquals("con", Files.readString(f));
    assertEquals(-Errno.EISDIR, call(Sysno.TRUNCATE, str(dir.toString()), 0));
  }
}
