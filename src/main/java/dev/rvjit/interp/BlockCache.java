package dev.rvjit.interp;

import dev.rvjit.cpu.MemoryFault;
import dev.rvjit.isa.Decoder;
import dev.rvjit.isa.Insn;
import dev.rvjit.memory.Memory;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded blocks by guest address. Inside the flat memory region the lookup is two array
 * indexings (page, then halfword slot); elsewhere a hash map. Registered as the memory's
 * {@link Memory.CodeWatcher}, so a store into a page of code drops the blocks decoded from it.
 */
public final class BlockCache implements Memory.CodeWatcher {
  private static final int PAGE_BITS = Memory.PAGE_BITS;
  private static final int SLOTS = 1 << (PAGE_BITS - 1);

  private final Memory mem;
  private final Block[][] flat = new Block[(int) ((Memory.FLAT_END - Memory.FLAT_BASE) >>> PAGE_BITS)][];
  /** Blocks outside the flat region; concurrent because the JIT thread reads it. */
  private final Map<Long, Block> other = new ConcurrentHashMap<>();
  private final java.util.List<InvalidationListener> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private long blocksDecoded;
  private long invalidations;

  /** Told when blocks are dropped, so compiled code built from them can be dropped too. */
  public interface InvalidationListener {
    /** Everything overlapping {@code [start, end)} is stale. */
    void invalidated(long start, long end);
  }

  public BlockCache(Memory mem) {
    this.mem = mem;
    mem.setCodeWatcher(this);
  }

  public void addListener(InvalidationListener l) {
    listeners.add(l);
  }

  /** The block starting at {@code pc}, decoding it if needed. */
  public Block lookup(long pc) {
    Block b = get(pc);
    return b != null ? b : decode(pc);
  }

  /** The cached block starting at {@code pc}, or null. */
  public Block get(long pc) {
    long off = pc - Memory.FLAT_BASE;
    if ((off >>> Memory.FLAT_BITS) == 0) {
      Block[] page = flat[(int) (off >>> PAGE_BITS)];
      return page == null ? null : page[(int) (pc & (Memory.PAGE_SIZE - 1)) >>> 1];
    }
    return other.get(pc);
  }

  private void put(Block b) {
    long off = b.pc - Memory.FLAT_BASE;
    if ((off >>> Memory.FLAT_BITS) == 0) {
      int p = (int) (off >>> PAGE_BITS);
      Block[] page = flat[p];
      if (page == null) {
        page = flat[p] = new Block[SLOTS];
      }
      page[(int) (b.pc & (Memory.PAGE_SIZE - 1)) >>> 1] = b;
    } else {
      other.put(b.pc, b);
    }
  }

  private Block decode(long pc) {
    if ((pc & 1) != 0) {
      throw new MemoryFault(pc, MemoryFault.Access.EXECUTE).at(pc);
    }
    ArrayList<Insn> list = new ArrayList<>(16);
    long p = pc;
    long page = pc >>> PAGE_BITS;
    while (true) {
      int bits;
      try {
        bits = mem.fetch16(p);
        if ((bits & 3) == 3) {
          bits |= mem.fetch16(p + 2) << 16;
        }
      } catch (MemoryFault f) {
        if (list.isEmpty()) {
          throw f.at(p);
        }
        break; // the fault belongs to the next block, raised when (if) it runs
      }
      Insn in = Decoder.decode(p, bits);
      list.add(in);
      p += in.len;
      if (in.op.endsBlock() || list.size() >= Block.MAX_INSNS || (p >>> PAGE_BITS) != page) {
        break;
      }
    }
    Block b = new Block(pc, list.toArray(new Insn[0]));
    put(b);
    blocksDecoded++;
    return b;
  }

  /** Memory says code on the page at {@code pageAddr} changed: drop its blocks. */
  @Override
  public void codeModified(long pageAddr) {
    invalidateRange(pageAddr, pageAddr + Memory.PAGE_SIZE);
  }

  /** Drops every block overlapping {@code [start, end)} and tells the listeners. */
  public void invalidateRange(long start, long end) {
    start &= ~(Memory.PAGE_SIZE - 1);
    // Blocks never start more than one page before the range and still reach into it.
    for (long pg = start - Memory.PAGE_SIZE; Long.compareUnsigned(pg, end) < 0; pg += Memory.PAGE_SIZE) {
      dropPage(pg, start, end);
    }
    for (InvalidationListener l : listeners) {
      l.invalidated(start, end);
    }
  }

  private void dropPage(long pg, long start, long end) {
    long off = pg - Memory.FLAT_BASE;
    if ((off >>> Memory.FLAT_BITS) == 0) {
      Block[] page = flat[(int) (off >>> PAGE_BITS)];
      if (page == null) {
        return;
      }
      for (int i = 0; i < page.length; i++) {
        Block b = page[i];
        if (b != null && Long.compareUnsigned(b.endPc, start) > 0
            && Long.compareUnsigned(b.pc, end) < 0) {
          b.valid = false;
          page[i] = null;
          invalidations++;
        }
      }
    } else {
      other.values().removeIf(b -> {
        boolean hit = Long.compareUnsigned(b.endPc, start) > 0 && Long.compareUnsigned(b.pc, end) < 0
            && (b.pc >>> PAGE_BITS) == (pg >>> PAGE_BITS);
        if (hit) {
          b.valid = false;
        }
        return hit;
      });
    }
  }

  /** Drops everything (fence.i). */
  public void invalidateAll() {
    for (int i = 0; i < flat.length; i++) {
      Block[] page = flat[i];
      if (page != null) {
        for (Block b : page) {
          if (b != null) {
            b.valid = false;
            invalidations++;
          }
        }
        flat[i] = null;
      }
    }
    for (Block b : other.values()) {
      b.valid = false;
    }
    other.clear();
    for (InvalidationListener l : listeners) {
      l.invalidated(0, -1L);
    }
  }

  /** All live blocks (for profiles and inspection). */
  public ArrayList<Block> blocks() {
    ArrayList<Block> out = new ArrayList<>();
    for (Block[] page : flat) {
      if (page != null) {
        for (Block b : page) {
          if (b != null) {
            out.add(b);
          }
        }
      }
    }
    out.addAll(other.values());
    return out;
  }

  public long blocksDecoded() {
    return blocksDecoded;
  }

  public long invalidations() {
    return invalidations;
  }
}
