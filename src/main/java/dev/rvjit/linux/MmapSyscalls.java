package dev.rvjit.linux;

import static dev.rvjit.linux.Abi.pageUp;

import dev.rvjit.memory.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HashSet;
import java.util.Set;

/**
 * Address-space system calls: brk, mmap, munmap, mprotect, mremap and madvise.
 *
 * <p><b>Placement.</b> The break grows from {@code brkStart} up to {@code brkLimit}. mmap without a
 * usable hint places mappings top-down in {@code [mmapBottom, mmapTop)} (inside the fast flat
 * region); when that window is full it places them upward from {@link Memory#FLAT_END}, where the
 * slower hashed pages still work.
 *
 * <p><b>File mappings.</b> The file's bytes are copied in when the mapping is made. MAP_SHARED
 * file mappings are therefore snapshots too: guest stores to them are not written back to the file
 * and changes to the file are not seen (enough for one process that maps files to read them).
 */
final class MmapSyscalls {
  private final GuestProcess p;
  private final Memory mem;
  private final FdTable fds;
  /** Next candidate address for mappings placed above the flat region. */
  private long highNext = Memory.FLAT_END;
  /** Page numbers of file-backed pages (MADV_DONTNEED keeps their contents). */
  private final Set<Long> filePages = new HashSet<>();
  /** Largest address rvjit hands out (user space of Sv48). */
  private static final long TASK_SIZE = 1L << 47;

  MmapSyscalls(GuestProcess p, FdTable fds) {
    this.p = p;
    this.mem = p.mem;
    this.fds = fds;
    if (p.brk < p.brkStart) {
      p.brk = p.brkStart;
    }
  }

  long brk(long addr) {
    long cur = p.brk;
    if (addr < p.brkStart || addr > p.brkLimit) {
      return cur;
    }
    long oldEnd = pageUp(cur);
    long newEnd = pageUp(addr);
    if (newEnd > oldEnd) {
      if (!mem.isFree(oldEnd, newEnd - oldEnd)) {
        return cur;
      }
      if (!fits(oldEnd, newEnd - oldEnd)) {
        return cur; // over --max-memory: brk fails the way Linux's does, by not moving
      }
      mem.map(oldEnd, newEnd - oldEnd, Memory.PROT_READ | Memory.PROT_WRITE);
    } else if (newEnd < oldEnd) {
      mem.unmap(newEnd, oldEnd - newEnd);
    }
    p.brk = addr;
    return addr;
  }

  long mmap(long addr, long length, long protArg, long flagsArg, long fd, long offset)
      throws IOException {
    int prot = (int) protArg;
    int flags = (int) flagsArg;
    int type = flags & Abi.MAP_TYPE;
    if (length == 0 || (offset & Memory.PAGE_MASK) != 0
        || (type != Abi.MAP_SHARED && type != Abi.MAP_PRIVATE && type != Abi.MAP_SHARED_VALIDATE)
        || (prot & ~(Abi.PROT_READ | Abi.PROT_WRITE | Abi.PROT_EXEC | Abi.PROT_GROWSDOWN
            | Abi.PROT_GROWSUP)) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    long len = pageUp(length);
    if (len <= 0 || len > TASK_SIZE) {
      throw new SyscallError(Errno.ENOMEM);
    }
    boolean anon = (flags & Abi.MAP_ANONYMOUS) != 0;
    FileChannel ch = null;
    if (!anon) {
      OpenFile f = fds.get((int) fd);
      ch = f.channel();
      if (ch == null) {
        throw new SyscallError(f instanceof HostDirectory || f instanceof Pipe.End
            ? Errno.ENODEV : Errno.EACCES);
      }
      if (!f.readable()
          || (type != Abi.MAP_PRIVATE && (prot & Abi.PROT_WRITE) != 0 && !f.writable())) {
        throw new SyscallError(Errno.EACCES);
      }
    }
    boolean fixed = (flags & (Abi.MAP_FIXED | Abi.MAP_FIXED_NOREPLACE)) != 0;
    long at;
    if (fixed) {
      if ((addr & Memory.PAGE_MASK) != 0) {
        throw new SyscallError(Errno.EINVAL);
      }
      if (addr < Memory.FLAT_BASE || addr + len > TASK_SIZE || addr + len < addr) {
        throw new SyscallError(addr < Memory.FLAT_BASE ? Errno.EPERM : Errno.ENOMEM);
      }
      if ((flags & Abi.MAP_FIXED) == 0 && !mem.isFree(addr, len)) {
        throw new SyscallError(Errno.EEXIST);
      }
      at = addr;
    } else {
      at = place(addr & ~Memory.PAGE_MASK, len);
    }
    checkHighSize(at, len);
    charge(at, len);
    int pageProt = prot & 7;
    mem.map(at, len, pageProt);
    forgetFilePages(at, len);
    if (!anon) {
      fill(ch, offset, at, Math.min(length, len));
      for (long pg = at; pg < at + len; pg += Memory.PAGE_SIZE) {
        filePages.add(pg >>> Memory.PAGE_BITS);
      }
    }
    return at;
  }

  /** Chooses where a non-fixed mapping goes: the hint if free, else top-down, else high up. */
  private long place(long hint, long len) {
    if (hint >= Memory.FLAT_BASE && hint + len <= TASK_SIZE && hint + len > hint
        && mem.isFree(hint, len)) {
      return hint;
    }
    long a = -1;
    if (p.mmapTop > p.mmapBottom && len <= p.mmapTop - p.mmapBottom) {
      a = mem.findFreeDown(len, p.mmapTop, p.mmapBottom);
    }
    if (a >= 0) {
      return a;
    }
    checkHighSize(Memory.FLAT_END, len);
    long c = Math.max(highNext, Memory.FLAT_END);
    while (!mem.isFree(c, len)) {
      c += len;
      if (c + len > TASK_SIZE) {
        throw new SyscallError(Errno.ENOMEM);
      }
    }
    highNext = c + len;
    return c;
  }

  /**
   * Pages outside the flat region are objects on the Java heap, so a mapping there may take at
   * most a quarter of the heap; larger ones fail with ENOMEM (Linux would reserve them lazily).
   */
  private static void checkHighSize(long at, long len) {
    long flatPart = Math.max(0, Math.min(at + len, Memory.FLAT_END) - Math.max(at, 0));
    if (len - flatPart > Runtime.getRuntime().maxMemory() / 4) {
      throw new SyscallError(Errno.ENOMEM);
    }
  }

  /**
   * Most bytes all pages outside the flat region may take together: half the Java heap, so a
   * guest can never make the host run out of heap (the flat region is a sparse file, not heap).
   */
  static long heapBudget() {
    return Runtime.getRuntime().maxMemory() / 2;
  }

  /** True if mapping the range keeps the guest within --max-memory and the heap budget. */
  private boolean fits(long at, long len) {
    return mem.fitsLimit(at, len, heapBudget());
  }

  /** ENOMEM unless mapping the range keeps the guest within --max-memory and the heap budget. */
  private void charge(long at, long len) {
    if (!fits(at, len)) {
      throw new SyscallError(Errno.ENOMEM);
    }
  }

  /** Copies file bytes from {@code offset} into a fresh mapping, ignoring its permissions. */
  private void fill(FileChannel ch, long offset, long at, long len) throws IOException {
    long size = ch.size();
    long avail = Math.min(len, Math.max(0, size - offset));
    byte[] buf = new byte[(int) Math.min(avail, 1 << 20)];
    long done = 0;
    while (done < avail) {
      int chunk = (int) Math.min(buf.length, avail - done);
      ByteBuffer bb = ByteBuffer.wrap(buf, 0, chunk);
      while (bb.hasRemaining()) {
        if (ch.read(bb, offset + done + bb.position()) < 0) {
          break;
        }
      }
      mem.poke(at + done, buf, 0, bb.position());
      done += chunk;
    }
  }

  private void forgetFilePages(long at, long len) {
    if (!filePages.isEmpty()) {
      for (long pg = at; pg < at + len; pg += Memory.PAGE_SIZE) {
        filePages.remove(pg >>> Memory.PAGE_BITS);
      }
    }
  }

  long munmap(long addr, long length) {
    if ((addr & Memory.PAGE_MASK) != 0 || length == 0 || addr + pageUp(length) < addr) {
      throw new SyscallError(Errno.EINVAL);
    }
    long len = pageUp(length);
    mem.unmap(addr, len);
    forgetFilePages(addr, len);
    return 0;
  }

  long mprotect(long addr, long length, long prot) {
    if ((addr & Memory.PAGE_MASK) != 0
        || (prot & ~(Abi.PROT_READ | Abi.PROT_WRITE | Abi.PROT_EXEC | Abi.PROT_GROWSDOWN
            | Abi.PROT_GROWSUP)) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    long len = pageUp(length);
    if (len == 0) {
      return 0;
    }
    if (!mem.protect(addr, len, (int) prot & 7)) {
      throw new SyscallError(Errno.ENOMEM);
    }
    return 0;
  }

  long mremap(long oldAddr, long oldSize, long newSize, long flags, long newAddr) {
    if ((oldAddr & Memory.PAGE_MASK) != 0
        || (flags & ~(Abi.MREMAP_MAYMOVE | Abi.MREMAP_FIXED)) != 0
        || ((flags & Abi.MREMAP_FIXED) != 0 && (flags & Abi.MREMAP_MAYMOVE) == 0)
        || newSize == 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    long oldLen = pageUp(oldSize);
    long newLen = pageUp(newSize);
    if (oldLen == 0 || !mem.isMapped(oldAddr, oldLen)) {
      throw new SyscallError(Errno.EFAULT);
    }
    int prot = mem.protectionOf(oldAddr);
    if ((flags & Abi.MREMAP_FIXED) != 0) {
      if ((newAddr & Memory.PAGE_MASK) != 0 || newAddr < Memory.FLAT_BASE
          || (newAddr < oldAddr + oldLen && oldAddr < newAddr + newLen)) {
        throw new SyscallError(Errno.EINVAL);
      }
      return move(oldAddr, oldLen, newAddr, newLen, prot);
    }
    if (newLen <= oldLen) {
      if (newLen < oldLen) {
        mem.unmap(oldAddr + newLen, oldLen - newLen);
        forgetFilePages(oldAddr + newLen, oldLen - newLen);
      }
      return oldAddr;
    }
    long tail = oldAddr + oldLen;
    checkHighSize(tail, newLen - oldLen);
    if (mem.isFree(tail, newLen - oldLen) && oldAddr + newLen <= TASK_SIZE) {
      charge(tail, newLen - oldLen);
      mem.map(tail, newLen - oldLen, prot);
      return oldAddr;
    }
    if ((flags & Abi.MREMAP_MAYMOVE) == 0) {
      throw new SyscallError(Errno.ENOMEM);
    }
    return move(oldAddr, oldLen, place(0, newLen), newLen, prot);
  }

  /** Moves a mapping's contents (and protection) to a new place and unmaps the old one. */
  private long move(long oldAddr, long oldLen, long to, long newLen, int prot) {
    checkHighSize(to, newLen);
    charge(to, newLen);
    mem.map(to, newLen, prot);
    byte[] buf = new byte[(int) Math.min(Math.min(oldLen, newLen), 1 << 20)];
    long n = Math.min(oldLen, newLen);
    for (long done = 0; done < n; done += buf.length) {
      int chunk = (int) Math.min(buf.length, n - done);
      for (int i = 0; i < chunk; i++) {
        buf[i] = mem.peek(oldAddr + done + i);
      }
      mem.poke(to + done, buf, 0, chunk);
    }
    for (long pg = 0; pg < n; pg += Memory.PAGE_SIZE) {
      if (filePages.remove((oldAddr + pg) >>> Memory.PAGE_BITS)) {
        filePages.add((to + pg) >>> Memory.PAGE_BITS);
      }
    }
    mem.unmap(oldAddr, oldLen);
    forgetFilePages(oldAddr, oldLen);
    return to;
  }

  long madvise(long addr, long length, long advice) {
    if ((addr & Memory.PAGE_MASK) != 0 || length < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    long len = pageUp(length);
    if (len == 0) {
      return 0;
    }
    if (!mem.isMapped(addr, len)) {
      throw new SyscallError(Errno.ENOMEM);
    }
    if (advice == Abi.MADV_DONTNEED || advice == Abi.MADV_FREE) {
      // Private anonymous pages read as zero afterwards (MADV_FREE may do so; rvjit always does).
      for (long pg = addr; pg < addr + len; pg += Memory.PAGE_SIZE) {
        if (!filePages.contains(pg >>> Memory.PAGE_BITS)) {
          mem.map(pg, Memory.PAGE_SIZE, mem.protectionOf(pg));
        }
      }
    }
    return 0;
  }
}
