package dev.rvjit.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.cpu.MemoryFault;
import dev.rvjit.memory.Memory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** brk, mmap, munmap, mprotect, mremap, madvise. */
class MemorySyscallTest extends AbstractSyscallTest {
  private static final int RW = Abi.PROT_READ | Abi.PROT_WRITE;
  private static final int ANON = Abi.MAP_PRIVATE | Abi.MAP_ANONYMOUS;

  @TempDir
  Path dir;

  @Test
  void brkGrowsShrinksAndFails() {
    assertEquals(BRK_START, call(Sysno.BRK, 0));
    assertEquals(BRK_START + 0x1800, call(Sysno.BRK, BRK_START + 0x1800));
    mem.sd(BRK_START + 0x1000, 42);
    assertEquals(42, mem.ld(BRK_START + 0x1000));
    assertEquals(BRK_START + 0x1800, call(Sysno.BRK, BRK_LIMIT + 0x1000), "failure: old break");
    assertEquals(BRK_START + 0x1800, call(Sysno.BRK, BRK_START - 0x1000));
    assertEquals(BRK_START + 0x100, call(Sysno.BRK, BRK_START + 0x100));
    assertThrows(MemoryFault.class, () -> mem.sd(BRK_START + 0x1000, 1), "shrunk pages unmapped");
    assertEquals(BRK_START + 0x3000, call(Sysno.BRK, BRK_START + 0x3000));
    assertEquals(0, mem.ld(BRK_START + 0x1000), "regrown pages read as zero");
    assertEquals(BRK_LIMIT, call(Sysno.BRK, BRK_LIMIT));
  }

  @Test
  void brkFailsIntoAnotherMapping() {
    mem.map(BRK_START + 0x4000, 0x1000, Memory.PROT_READ);
    assertEquals(BRK_START, call(Sysno.BRK, BRK_START + 0x8000));
  }

  @Test
  void mmapAnonymousTopDown() {
    long a = call(Sysno.MMAP, 0, 8192, RW, ANON, -1, 0);
    assertEquals(MMAP_TOP - 8192, a);
    long b = call(Sysno.MMAP, 0, 100, RW, ANON, -1, 0);
    assertEquals(a - 4096, b);
    assertEquals(0, mem.ld(a));
    mem.sd(a + 8, 7);
    assertEquals(7, mem.ld(a + 8));
    assertEquals(0, call(Sysno.MUNMAP, a, 8192));
    assertThrows(MemoryFault.class, () -> mem.sd(a + 8, 1));
    assertFalse(mem.isMapped(a, 8192));
    assertEquals(-Errno.EINVAL, call(Sysno.MUNMAP, a + 1, 4096));
    assertEquals(-Errno.EINVAL, call(Sysno.MMAP, 0, 0, RW, ANON, -1, 0));
    assertEquals(-Errno.EINVAL, call(Sysno.MMAP, 0, 4096, RW, Abi.MAP_ANONYMOUS, -1, 0));
    assertEquals(-Errno.EBADF, call(Sysno.MMAP, 0, 4096, RW, Abi.MAP_PRIVATE, 55, 0));
  }

  @Test
  void mmapHintFixedAndNoreplace() {
    long hint = 0x2000_0000L;
    assertEquals(hint, call(Sysno.MMAP, hint, 4096, RW, ANON, -1, 0));
    long other = call(Sysno.MMAP, hint, 4096, RW, ANON, -1, 0);
    assertTrue(other != hint, "occupied hint is ignored");
    mem.sd(hint, 99);
    assertEquals(hint, call(Sysno.MMAP, hint, 4096, Abi.PROT_READ, ANON | Abi.MAP_FIXED, -1, 0));
    assertEquals(0, mem.ld(hint), "MAP_FIXED replaces with fresh zero pages");
    assertEquals(-Errno.EEXIST, call(Sysno.MMAP, hint, 4096, RW,
        ANON | Abi.MAP_FIXED_NOREPLACE, -1, 0));
    assertEquals(hint + 0x10000, call(Sysno.MMAP, hint + 0x10000, 4096, RW,
        ANON | Abi.MAP_FIXED_NOREPLACE, -1, 0));
    assertEquals(-Errno.EINVAL, call(Sysno.MMAP, hint + 1, 4096, RW, ANON | Abi.MAP_FIXED, -1, 0));
    assertEquals(-Errno.EPERM, call(Sysno.MMAP, 0x1000, 4096, RW, ANON | Abi.MAP_FIXED, -1, 0));
  }

  @Test
  void protNoneAndMprotect() {
    long a = call(Sysno.MMAP, 0, 8192, Abi.PROT_NONE, ANON, -1, 0);
    assertTrue(mem.isMapped(a, 8192));
    assertEquals(-1, mem.protectionOf(a + 0x100000000L));
    assertEquals(0, mem.protectionOf(a));
    assertThrows(MemoryFault.class, () -> mem.sd(a, 1));
    assertEquals(0, call(Sysno.MPROTECT, a, 4096, RW));
    mem.sd(a, 5);
    assertEquals(RW, mem.protectionOf(a));
    assertEquals(0, mem.protectionOf(a + 4096));
    assertEquals(0, call(Sysno.MPROTECT, a, 4096, Abi.PROT_READ));
    assertThrows(MemoryFault.class, () -> mem.sd(a, 1));
    assertEquals(5, mem.ld(a));
    assertEquals(-Errno.ENOMEM, call(Sysno.MPROTECT, 0x3000_0000L, 4096, RW));
    assertEquals(-Errno.EINVAL, call(Sysno.MPROTECT, a + 4, 4096, RW));
    assertEquals(-Errno.EFAULT, call(Sysno.WRITE, 1, a + 4096, 4), "PROT_NONE is not readable");
  }

  @Test
  void mmapFileBackedPrivate() throws Exception {
    Path f = dir.resolve("data");
    byte[] content = new byte[5000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 7);
    }
    Files.write(f, content);
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, str(f.toString()), Abi.O_RDONLY);
    long a = call(Sysno.MMAP, 0, 5000, Abi.PROT_READ | Abi.PROT_EXEC, Abi.MAP_PRIVATE, fd, 0);
    assertTrue(a > 0);
    for (int i = 0; i < content.length; i += 499) {
      assertEquals(content[i], (byte) mem.lb(a + i));
    }
    assertEquals(0, mem.lb(a + 5000), "zero past EOF in the last page");
    assertEquals(0, mem.lb(a + 8191));
    assertEquals(Abi.PROT_READ | Abi.PROT_EXEC, mem.protectionOf(a));
    assertEquals(content[4096] & 0xffff | (content[4097] & 0xff) << 8, mem.fetch16(a + 4096));
    long b = call(Sysno.MMAP, 0, 4096, RW, Abi.MAP_PRIVATE, fd, 4096);
    assertEquals(content[4096], (byte) mem.lb(b));
    mem.sb(b, 1);
    assertEquals(content[4096], Files.readAllBytes(f)[4096], "private writes stay private");
    assertEquals(-Errno.EINVAL, call(Sysno.MMAP, 0, 4096, RW, Abi.MAP_PRIVATE, fd, 100));
    long dfd = call(Sysno.OPENAT, Abi.AT_FDCWD, str(dir.toString()), Abi.O_RDONLY);
    assertEquals(-Errno.ENODEV, call(Sysno.MMAP, 0, 4096, RW, Abi.MAP_PRIVATE, dfd, 0));
    assertEquals(-Errno.EACCES, call(Sysno.MMAP, 0, 4096, RW, Abi.MAP_SHARED, fd, 0),
        "shared writable mapping of a read-only fd");
    assertTrue(call(Sysno.MMAP, 0, 4096, Abi.PROT_READ, Abi.MAP_SHARED, fd, 0) > 0);
  }

  @Test
  void fixedFileMappingOverAnonymousReservation() throws Exception {
    // The way ld.so loads a library: reserve, then map segments over the reservation.
    Path f = dir.resolve("lib");
    Files.write(f, new byte[] {1, 2, 3, 4});
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, str(f.toString()), Abi.O_RDONLY);
    long base = call(Sysno.MMAP, 0, 0x10000, Abi.PROT_READ, Abi.MAP_PRIVATE, fd, 0);
    long seg = call(Sysno.MMAP, base + 0x4000, 4096, RW, Abi.MAP_PRIVATE | Abi.MAP_FIXED, fd, 0);
    assertEquals(base + 0x4000, seg);
    assertEquals(0x04030201, mem.lw(seg));
    long bss = call(Sysno.MMAP, base + 0x5000, 0x2000, RW, ANON | Abi.MAP_FIXED, -1, 0);
    assertEquals(base + 0x5000, bss);
    assertEquals(0, mem.ld(bss));
  }

  @Test
  void windowFullPlacesAboveFlatRegion() {
    p.mmapBottom = MMAP_TOP - 0x2000;
    long a = call(Sysno.MMAP, 0, 0x2000, RW, ANON, -1, 0);
    assertEquals(MMAP_TOP - 0x2000, a);
    long b = call(Sysno.MMAP, 0, 0x3000, RW, ANON, -1, 0);
    assertTrue(b >= Memory.FLAT_END, Long.toHexString(b));
    mem.sd(b + 0x2ff8, 123);
    assertEquals(123, mem.ld(b + 0x2ff8));
    long c = call(Sysno.MMAP, 0, 0x1000, RW, ANON, -1, 0);
    assertTrue(c >= b + 0x3000);
  }

  @Test
  void mremapShrinkGrowAndMove() {
    long a = call(Sysno.MMAP, 0, 0x3000, RW, ANON, -1, 0);
    mem.sd(a, 11);
    assertEquals(a, call(Sysno.MREMAP, a, 0x3000, 0x1000, 0, 0));
    assertFalse(mem.isMapped(a + 0x1000, 0x1000));
    assertEquals(a, call(Sysno.MREMAP, a, 0x1000, 0x2000, 0, 0), "grows in place when free");
    assertTrue(mem.isMapped(a, 0x2000));
    mem.map(a + 0x2000, 0x1000, Memory.PROT_READ);
    assertEquals(-Errno.ENOMEM, call(Sysno.MREMAP, a, 0x2000, 0x4000, 0, 0));
    long b = call(Sysno.MREMAP, a, 0x2000, 0x4000, Abi.MREMAP_MAYMOVE, 0);
    assertTrue(b != a);
    assertEquals(11, mem.ld(b), "contents move");
    assertEquals(RW, mem.protectionOf(b + 0x3000));
    assertFalse(mem.isMapped(a, 0x2000));
    long fixed = 0x2800_0000L;
    assertEquals(fixed, call(Sysno.MREMAP, b, 0x4000, 0x4000,
        Abi.MREMAP_MAYMOVE | Abi.MREMAP_FIXED, fixed));
    assertEquals(11, mem.ld(fixed));
    assertEquals(-Errno.EFAULT, call(Sysno.MREMAP, b, 0x1000, 0x2000, Abi.MREMAP_MAYMOVE, 0));
    assertEquals(-Errno.EINVAL, call(Sysno.MREMAP, fixed + 1, 0x1000, 0x2000, 0, 0));
  }

  @Test
  void madviseDontneedZeroesAnonymousPages() throws Exception {
    long a = call(Sysno.MMAP, 0, 0x2000, RW, ANON, -1, 0);
    mem.sd(a, 1);
    mem.sd(a + 0x1000, 2);
    assertEquals(0, call(Sysno.MADVISE, a, 0x1000, Abi.MADV_DONTNEED));
    assertEquals(0, mem.ld(a));
    assertEquals(2, mem.ld(a + 0x1000));
    assertEquals(RW, mem.protectionOf(a));
    assertEquals(0, call(Sysno.MADVISE, a, 0x2000, 0 /* MADV_NORMAL */));
    assertEquals(-Errno.ENOMEM, call(Sysno.MADVISE, 0x3000_0000L, 0x1000, Abi.MADV_DONTNEED));
  }

  @Test
  void hugeMappingIsEnomemNotAnOutOfMemoryError() {
    assertEquals(-Errno.ENOMEM, call(Sysno.MMAP, 0, 1L << 44, Abi.PROT_NONE,
        ANON | Abi.MAP_NORESERVE, -1, 0));
    assertEquals(-Errno.ENOMEM, call(Sysno.MMAP, 0, -4096L, Abi.PROT_NONE, ANON, -1, 0));
  }

  @Test
  void loadsLibcFromTheSysrootTheWayLdSoDoes() throws Exception {
    Path sysroot = Path.of("/usr/riscv64-linux-gnu");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(sysroot.resolve("lib/libc.so.6")),
        "riscv64 sysroot not installed");
    p.sysroot = sysroot;
    long fd = call(Sysno.OPENAT, Abi.AT_FDCWD, str("/lib/libc.so.6"),
        Abi.O_RDONLY | Abi.O_CLOEXEC);
    assertEquals(3, fd);
    long hdr = alloc(832);
    assertEquals(832, call(Sysno.READ, fd, hdr, 832));
    assertEquals(0x464c457f, i32(hdr), "ELF magic");
    long st = alloc(FileStat.STAT_SIZE);
    assertEquals(0, call(Sysno.NEWFSTATAT, fd, str(""), st, Abi.AT_EMPTY_PATH));
    long size = i64(st + 48);
    byte[] file = Files.readAllBytes(sysroot.resolve("lib/libc.so.6"));
    assertEquals(file.length, size);
    long base = call(Sysno.MMAP, 0, size, Abi.PROT_READ | Abi.PROT_EXEC,
        Abi.MAP_PRIVATE | 0x800 /* MAP_DENYWRITE */, fd, 0);
    assertTrue(base > 0 && (base & 0xfff) == 0);
    byte[] mapped = new byte[file.length];
    mem.read(base, mapped, 0, mapped.length);
    org.junit.jupiter.api.Assertions.assertArrayEquals(file, mapped);
    assertEquals(0, call(Sysno.CLOSE, fd));
    assertEquals(0, call(Sysno.MUNMAP, base, size));
  }
}
