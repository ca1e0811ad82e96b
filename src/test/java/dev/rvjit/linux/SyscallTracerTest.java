package dev.rvjit.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rvjit.cpu.GuestExit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --strace} line formats. */
class SyscallTracerTest extends AbstractSyscallTest {
  private ByteArrayOutputStream trace;

  @TempDir
  Path dir;

  @BeforeEach
  void traceOn() {
    trace = new ByteArrayOutputStream();
    p.strace = new PrintStream(trace, true, StandardCharsets.UTF_8);
  }

  private String lastLine() {
    String[] lines = trace.toString(StandardCharsets.UTF_8).split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void writeShowsTheBuffer() {
    call(Sysno.WRITE, 1, str("Hello, world!\n"), 14);
    assertEquals("write(1, \"Hello, world!\\n\", 14) = 14", lastLine());
  }

  @Test
  void longBuffersAreCut() {
    call(Sysno.WRITE, 1, str("0123456789abcdefghijklmnopqrstuvwxyz"), 36);
    assertEquals("write(1, \"0123456789abcdefghijklmnopqrstuv\"..., 36) = 36", lastLine());
    call(Sysno.WRITE, 1, bytes(new byte[] {0, 1, '7', (byte) 0xff, '"'}), 5);
    assertEquals("write(1, \"\\0\\0017\\377\\\"\", 5) = 5", lastLine());
  }

  @Test
  void openatWithFlagsAndErrors() throws Exception {
    call(Sysno.OPENAT, Abi.AT_FDCWD, str("/no/such/file"), Abi.O_RDONLY | Abi.O_CLOEXEC);
    assertEquals("openat(AT_FDCWD, \"/no/such/file\", O_RDONLY|O_CLOEXEC) = -1 ENOENT "
        + "(No such file or directory)", lastLine());
    Path f = dir.resolve("x");
    call(Sysno.OPENAT, Abi.AT_FDCWD, str(f.toString()), Abi.O_WRONLY | Abi.O_CREAT | Abi.O_TRUNC,
        0644);
    assertEquals("openat(AT_FDCWD, \"" + f + "\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3",
        lastLine());
    Files.writeString(f, "abc");
    long st = alloc(FileStat.STAT_SIZE);
    call(Sysno.FSTAT, 3, st);
    assertEquals("fstat(3, {st_mode=S_IFREG|0644, st_size=3, ...}) = 0", lastLine());
    call(Sysno.CLOSE, 3);
    assertEquals("close(3) = 0", lastLine());
  }

  @Test
  void readShowsWhatWasRead() throws Exception {
    Path f = dir.resolve("r");
    Files.writeString(f, "data\n");
    call(Sysno.OPENAT, Abi.AT_FDCWD, str(f.toString()), Abi.O_RDONLY);
    long buf = alloc(100);
    call(Sysno.READ, 3, buf, 100);
    assertEquals("read(3, \"data\\n\", 100) = 5", lastLine());
  }

  @Test
  void mmapAndBrkInHex() {
    long a = call(Sysno.MMAP, 0, 8192, Abi.PROT_READ | Abi.PROT_WRITE,
        Abi.MAP_PRIVATE | Abi.MAP_ANONYMOUS, -1, 0);
    assertEquals("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x"
        + Long.toHexString(a), lastLine());
    call(Sysno.BRK, 0);
    assertEquals("brk(NULL) = 0x" + Long.toHexString(BRK_START), lastLine());
    call(Sysno.MPROTECT, a, 4096, Abi.PROT_NONE);
    assertEquals("mprotect(0x" + Long.toHexString(a) + ", 4096, PROT_NONE) = 0", lastLine());
  }

  @Test
  void clocksAndStructs() {
    long ts = alloc(16);
    call(Sysno.CLOCK_GETRES, 1, ts);
    assertEquals("clock_getres(CLOCK_MONOTONIC, {tv_sec=0, tv_nsec=1}) = 0", lastLine());
    call(Sysno.CLOCK_GETTIME, 10, ts);
    assertEquals("clock_gettime(CLOCK_SGI_CYCLE, 0x" + Long.toHexString(ts)
        + ") = -1 EINVAL (Invalid argument)", lastLine());
  }

  @Test
  void unknownCall() {
    call(0x1ff, 1, 2, 3, 4, 5, 6);
    assertEquals("syscall_0x1ff(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not "
        + "implemented)", lastLine());
    call(Sysno.RSEQ, 0x1000, 32, 0, 0x53053053);
    assertEquals("rseq(0x1000, 32, 0, 0x53053053) = -1 ENOSYS (Function not implemented)",
        lastLine());
  }

  @Test
  void ioctlAndFcntl() {
    call(Sysno.IOCTL, 1, Abi.TCGETS, SCRATCH);
    assertEquals("ioctl(1, TCGETS, 0x100000) = -1 ENOTTY (Inappropriate ioctl for device)",
        lastLine());
    call(Sysno.FCNTL, 1, Abi.F_GETFL, 0);
    assertEquals("fcntl(1, F_GETFL) = 32769", lastLine());
    call(Sysno.FCNTL, 1, Abi.F_SETFD, 1);
    assertEquals("fcntl(1, F_SETFD, FD_CLOEXEC) = 0", lastLine());
    call(Sysno.FCNTL, 1, Abi.F_DUPFD, 10);
    assertEquals("fcntl(1, F_DUPFD, 10) = 10", lastLine());
  }

  @Test
  void exitGroupDoesNotReturn() {
    assertThrows(GuestExit.class, () -> call(Sysno.EXIT_GROUP, 7));
    assertEquals("exit_group(7) = ?\n+++ exited with 7 +++\n",
        trace.toString(StandardCharsets.UTF_8));
  }
}
