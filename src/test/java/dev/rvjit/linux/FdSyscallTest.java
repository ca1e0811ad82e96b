package dev.rvjit.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** read/write family, open/close, lseek, pread/pwrite, fstat, fcntl, dup, pipes, ioctl. */
class FdSyscallTest extends AbstractSyscallTest {
  @TempDir
  Path dir;

  @Override
  byte[] stdinBytes() {
    return "line one\nline two\n".getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writeGoesToStdoutAndStderr() {
    long msg = str("Hello, world!\n");
    assertEquals(14, call(Sysno.WRITE, 1, msg, 14));
    assertEquals(3, call(Sysno.WRITE, 2, msg, 3));
    assertEquals("Hello, world!\n", out.toString());
    assertEquals("Hel", err.toString());
  }

  @Test
  void readFromStdinReturnsWhatIsAvailable() {
    long buf = alloc(100);
    assertEquals(18, call(Sysno.READ, 0, buf, 100));
    assertEquals("line one\nline two\n", string(buf, 18));
    assertEquals(0, call(Sysno.READ, 0, buf, 100));
  }

  @Test
  void readvAndWritev() {
    long a = str("ab");
    long b = str("cde");
    long iov = alloc(32);
    put64(iov, a);
    put64(iov + 8, 2);
    put64(iov + 16, b);
    put64(iov + 24, 3);
    assertEquals(5, call(Sysno.WRITEV, 1, iov, 2));
    assertEquals("abcde", out.toString());
    long x = alloc(4);
    long y = alloc(64);
    put64(iov, x);
    put64(iov + 8, 4);
    put64(iov + 16, y);
    put64(iov + 24, 64);
    assertEquals(18, call(Sysno.READV, 0, iov, 2));
    assertEquals("line", string(x, 4));
    assertEquals(" one\nline two\n", string(y, 14));
    assertEquals(-Errno.EINVAL, call(Sysno.WRITEV, 1, iov, -1));
  }

  @Test
  void badFdAndWrongDirection() {
    long buf = alloc(8);
    assertEquals(-Errno.EBADF, call(Sysno.WRITE, 7, buf, 1));
    assertEquals(-Errno.EBADF, call(Sysno.WRITE, 0, buf, 1));
    assertEquals(-Errno.EBADF, call(Sysno.READ, 1, buf, 1));
    assertEquals(-Errno.EBADF, call(Sysno.CLOSE, 99));
  }

  @Test
  void badPointerIsEfault() {
    assertEquals(-Errno.EFAULT, call(Sysno.WRITE, 1, 0x8, 5));
    assertEquals(-Errno.EFAULT, call(Sysno.READ, 0, 0x7000_0000L, 5));
    assertEquals(0, out.size());
    assertEquals(-Errno.EFAULT, call(Sysno.OPENAT, Abi.AT_FDCWD, 0x10, 0));
    // Nothing was consumed from stdin by the failed read.
    long buf = alloc(4);
    assertEquals(4, call(Sysno.READ, 0, buf, 4));
    assertEquals("line", string(buf, 4));
  }

  @Test
  void openWriteSeekReadClose() throws Exception {
    Path f = dir.resolve("a.txt");
    long path = str(f.toString());
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, path, Abi.O_RDWR | Abi.O_CREAT | Abi.O_TRUNC, 0644);
    assertEquals(3, fd);
    long data = str("0123456789");
    assertEquals(10, call(Sysno.WRITE, fd, data, 10));
    assertEquals(4, call(Sysno.LSEEK, fd, 4, Abi.SEEK_SET));
    long buf = alloc(16);
    assertEquals(3, call(Sysno.READ, fd, buf, 3));
    assertEquals("456", string(buf, 3));
    assertEquals(7, call(Sysno.LSEEK, fd, 0, Abi.SEEK_CUR));
    assertEquals(8, call(Sysno.LSEEK, fd, -2, Abi.SEEK_END));
    assertEquals(-Errno.EINVAL, call(Sysno.LSEEK, fd, -20, Abi.SEEK_END));
    assertEquals(2, call(Sysno.PREAD64, fd, buf, 2, 1));
    assertEquals("12", string(buf, 2));
    assertEquals(8, call(Sysno.LSEEK, fd, 0, Abi.SEEK_CUR), "pread keeps the offset");
    assertEquals(2, call(Sysno.PWRITE64, fd, str("xy"), 2, 0));
    assertEquals(0, call(Sysno.CLOSE, fd));
    assertEquals(-Errno.EBADF, call(Sysno.READ, fd, buf, 1));
    assertEquals("xy23456789", Files.readString(f));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    assertEquals(-Errno.ESPIPE, call(Sysno.LSEEK, 1, 0, Abi.SEEK_CUR));
  }

  @Test
  void createFlags() throws Exception {
    Path f = dir.resolve("b");
    long path = str(f.toString());
    assertEquals(-Errno.ENOENT, call(Sysno.OPENAT, Abi.AT_FDCWD, path, Abi.O_RDONLY));
    assertEquals(18, call(Sysno.UMASK, 077));
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, path, Abi.O_WRONLY | Abi.O_CREAT | Abi.O_EXCL,
        0666);
    assertEquals(3, fd);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    assertEquals(-Errno.EEXIST, call(Sysno.OPENAT, Abi.AT_FDCWD, path,
        Abi.O_WRONLY | Abi.O_CREAT | Abi.O_EXCL, 0666));
    assertEquals(-Errno.EISDIR, call(Sysno.OPENAT, Abi.AT_FDCWD, str(dir.toString()),
        Abi.O_WRONLY));
    assertEquals(-Errno.ENOTDIR, call(Sysno.OPENAT, Abi.AT_FDCWD, path, Abi.O_DIRECTORY));
    Files.writeString(f, "old");
    long fa = call(Sysno.OPENAT, Abi.AT_FDCWD, path, Abi.O_WRONLY | Abi.O_APPEND);
    call(Sysno.LSEEK, fa, 0, Abi.SEEK_SET);
    call(Sysno.WRITE, fa, str("+new"), 4);
    assertEquals("old+new", Files.readString(f));
    long ft = call(Sysno.OPENAT, Abi.AT_FDCWD, path, Abi.O_WRONLY | Abi.O_TRUNC);
    assertTrue(ft > 0);
    assertEquals(0, Files.size(f));
    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, f);
    assertEquals(-Errno.ELOOP, call(Sysno.OPENAT, Abi.AT_FDCWD, str(link.toString()),
        Abi.O_RDONLY | Abi.O_NOFOLLOW));
  }

  @Test
  void relativeToDirfdAndCwd() throws Exception {
    Files.writeString(dir.resolve("rel"), "hi");
    long dfd = call(Sysno.OPENAT, Abi.AT_FDCWD, str(dir.toString()),
        Abi.O_RDONLY | Abi.O_DIRECTORY);
    long fd = call(Sysno.OPENAT, dfd, str("rel"), Abi.O_RDONLY);
    long buf = alloc(4);
    assertEquals(2, call(Sysno.READ, fd, buf, 4));
    assertEquals(-Errno.ENOTDIR, call(Sysno.OPENAT, fd, str("rel"), Abi.O_RDONLY));
    assertEquals(0, call(Sysno.CHDIR, str(dir.toString())));
    long fd2 = call(Sysno.OPENAT, Abi.AT_FDCWD, str("rel"), Abi.O_RDONLY);
    assertTrue(fd2 > fd);
  }

  @Test
  void fstatOfFileAndStdio() throws Exception {
    Path f = dir.resolve("s");
    Files.writeString(f, "12345");
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, str(f.toString()), Abi.O_RDONLY);
    long st = alloc(FileStat.STAT_SIZE);
    assertEquals(0, call(Sysno.FSTAT, fd, st));
    assertEquals(Abi.S_IFREG, i32(st + 16) & Abi.S_IFMT);
    assertEquals(5, i64(st + 48));
    assertEquals(Files.getAttribute(f, "unix:ino"), i64(st + 8));
    assertEquals(4096, i32(st + 56));
    assertEquals(0, call(Sysno.FSTAT, 1, st));
    assertTrue((i32(st + 16) & Abi.S_IFMT) != 0);
    assertEquals(-Errno.EBADF, call(Sysno.FSTAT, 42, st));
    assertEquals(-Errno.EFAULT, call(Sysno.FSTAT, fd, 0x20));
  }

  @Test
  void fstatOfUnlinkedFileStillWorks() throws Exception {
    Path f = dir.resolve("gone");
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, str(f.toString()), Abi.O_RDWR | Abi.O_CREAT, 0600);
    call(Sysno.WRITE, fd, str("abc"), 3);
    Files.delete(f);
    long st = alloc(FileStat.STAT_SIZE);
    assertEquals(0, call(Sysno.FSTAT, fd, st));
    assertEquals(3, i64(st + 48));
  }

  @Test
  void dupSharesOffsetAndFcntlFlags() throws Exception {
    Path f = dir.resolve("d");
    Files.writeString(f, "abcdef");
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, str(f.toString()), Abi.O_RDONLY | Abi.O_CLOEXEC);
    assertEquals(Abi.FD_CLOEXEC, call(Sysno.FCNTL, fd, Abi.F_GETFD));
    long d = call(Sysno.DUP, fd);
    assertEquals(fd + 1, d);
    assertEquals(0, call(Sysno.FCNTL, d, Abi.F_GETFD));
    long buf = alloc(8);
    call(Sysno.READ, fd, buf, 2);
    assertEquals(2, call(Sysno.READ, d, buf, 2));
    assertEquals("cd", string(buf, 2));
    assertEquals(10, call(Sysno.DUP3, fd, 10, Abi.O_CLOEXEC));
    assertEquals(Abi.FD_CLOEXEC, call(Sysno.FCNTL, 10, Abi.F_GETFD));
    assertEquals(-Errno.EINVAL, call(Sysno.DUP3, fd, fd, 0));
    assertEquals(20, call(Sysno.FCNTL, fd, Abi.F_DUPFD_CLOEXEC, 20));
    assertEquals(Abi.O_RDONLY | Abi.O_LARGEFILE, call(Sysno.FCNTL, fd, Abi.F_GETFL));
    assertEquals(0, call(Sysno.FCNTL, fd, Abi.F_SETFL, Abi.O_NONBLOCK | Abi.O_CREAT));
    assertEquals(Abi.O_LARGEFILE | Abi.O_NONBLOCK, call(Sysno.FCNTL, d, Abi.F_GETFL));
    assertEquals(0, call(Sysno.FCNTL, fd, Abi.F_SETFD, 0));
    assertEquals(0, call(Sysno.FCNTL, fd, Abi.F_GETFD));
    assertEquals(-Errno.EINVAL, call(Sysno.FCNTL, fd, 12345));
    // Closing one fd keeps the description open for the others.
    assertEquals(0, call(Sysno.CLOSE, fd));
    assertEquals(2, call(Sysno.READ, d, buf, 2));
    assertEquals("ef", string(buf, 2));
  }

  @Test
  void dupOfStdoutWritesToStdout() {
    assertEquals(5, call(Sysno.DUP3, 1, 5, 0));
    call(Sysno.CLOSE, 1);
    assertEquals(2, call(Sysno.WRITE, 5, str("ok"), 2));
    assertEquals("ok", out.toString());
    assertEquals(1, call(Sysno.DUP, 5), "lowest free fd");
  }

  @Test
  void pipeInProcess() {
    long fds = alloc(8);
    assertEquals(0, call(Sysno.PIPE2, fds, Abi.O_CLOEXEC));
    int r = i32(fds);
    int w = i32(fds + 4);
    assertEquals(3, r);
    assertEquals(4, w);
    assertEquals(5, call(Sysno.WRITE, w, str("hello"), 5));
    long buf = alloc(16);
    assertEquals(3, call(Sysno.READ, r, buf, 3));
    assertEquals("hel", string(buf, 3));
    assertEquals(2, call(Sysno.READ, r, buf, 16));
    assertEquals(0, call(Sysno.FCNTL, r, Abi.F_SETFL, Abi.O_NONBLOCK));
    assertEquals(-Errno.EAGAIN, call(Sysno.READ, r, buf, 16));
    long st = alloc(FileStat.STAT_SIZE);
    assertEquals(0, call(Sysno.FSTAT, r, st));
    assertEquals(Abi.S_IFIFO, i32(st + 16) & Abi.S_IFMT);
    assertEquals(-Errno.ESPIPE, call(Sysno.LSEEK, r, 0, Abi.SEEK_SET));
    call(Sysno.CLOSE, w);
    assertEquals(0, call(Sysno.READ, r, buf, 16), "EOF once the write end is closed");
    long fds2 = alloc(8);
    call(Sysno.PIPE2, fds2, 0);
    call(Sysno.CLOSE, i32(fds2));
    assertEquals(-Errno.EPIPE, call(Sysno.WRITE, i32(fds2 + 4), buf, 1));
    assertEquals(-Errno.ESPIPE, call(Sysno.FADVISE64, i32(fds2 + 4), 0, 0, 0));
    assertEquals(0, call(Sysno.FADVISE64, 1, 0, 0, 2));
    assertEquals(-Errno.EINVAL, call(Sysno.PIPE2, fds2, 0x1));
  }

  @Test
  void emptyPipeReadIsADeadlock() {
    long fds = alloc(8);
    call(Sysno.PIPE2, fds, 0);
    GuestDeadlock d = org.junit.jupiter.api.Assertions.assertThrows(GuestDeadlock.class,
        () -> call(Sysno.READ, i32(fds), alloc(4), 4));
    assertTrue(d.describe().contains("pipe"));
  }

  @Test
  void ioctlOnNonTtyIsEnotty() throws Exception {
    long buf = alloc(64);
    assertEquals(-Errno.ENOTTY, call(Sysno.IOCTL, 1, Abi.TCGETS, buf));
    assertEquals(-Errno.ENOTTY, call(Sysno.IOCTL, 0, Abi.TIOCGWINSZ, buf));
    assertEquals(-Errno.EBADF, call(Sysno.IOCTL, 9, Abi.TCGETS, buf));
    Path f = dir.resolve("i");
    Files.writeString(f, "abc");
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, str(f.toString()), Abi.O_RDONLY);
    assertEquals(-Errno.ENOTTY, call(Sysno.IOCTL, fd, Abi.TCGETS, buf));
    assertEquals(0, call(Sysno.IOCTL, fd, Abi.FIONREAD, buf));
    assertEquals(3, i32(buf));
  }

  @Test
  void ioctlOnTty() {
    sys = new LinuxSyscalls(p, true);
    long buf = alloc(64);
    assertEquals(0, call(Sysno.IOCTL, 1, Abi.TCGETS, buf));
    assertEquals(0x8a3b, i32(buf + 12));
    assertEquals(0, call(Sysno.IOCTL, 1, Abi.TIOCGWINSZ, buf));
    assertTrue((i32(buf) & 0xffff) > 0);
    assertEquals(-Errno.ENOTTY, call(Sysno.IOCTL, 1, 0x1234, buf));
  }

  @Test
  void ftruncateAndDevNull() throws Exception {
    Path f = dir.resolve("t");
    Files.writeString(f, "abcdef");
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, str(f.toString()), Abi.O_RDWR);
    assertEquals(0, call(Sysno.FTRUNCATE, fd, 2));
    assertEquals("ab", Files.readString(f));
    assertEquals(0, call(Sysno.FTRUNCATE, fd, 4));
    assertArrayEquals(new byte[] {'a', 'b', 0, 0}, Files.readAllBytes(f));
    long nul = call(Sysno.OPENAT, Abi.AT_FDCWD, str("/dev/null"), Abi.O_RDWR);
    assertEquals(3, call(Sysno.WRITE, nul, str("xyz"), 3));
    assertEquals(0, call(Sysno.READ, nul, alloc(4), 4));
  }

  @Test
  void readIntoABufferThatEndsEarlyIsShort() throws Exception {
    Path f = dir.resolve("big");
    Files.write(f, new byte[10000]);
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, str(f.toString()), Abi.O_RDONLY);
    long end = SCRATCH + SCRATCH_SIZE;
    assertEquals(100, call(Sysno.READ, fd, end - 100, 8192));
    assertEquals(100, call(Sysno.LSEEK, fd, 0, Abi.SEEK_CUR), "unstored bytes are put back");
    Files.writeString(dir.resolve("small"), "tiny");
    long fd2 = call(Sysno.OPENAT, Abi.AT_FDCWD, str(dir + "/small"), Abi.O_RDONLY);
    assertEquals(4, call(Sysno.READ, fd2, end - 8, 65536), "a count beyond the buffer is fine");
  }
}
