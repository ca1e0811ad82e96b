package dev.rvjit.jit;

import dev.rvjit.interp.Block;
import dev.rvjit.interp.BlockCache;
import dev.rvjit.isa.Insn;
import dev.rvjit.isa.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guest blocks one compiled unit covers: the hot entry block plus the successors the profile
 * shows were run, loops included, up to a size cap. Control inside a region moves by direct jumps
 * in one JVM method; anything else leaves through an exit.
 */
final class Region {
  /** The entry block (the one that became hot). */
  final Block entry;
  /** Blocks by start pc, in the order they are emitted (entry first). */
  final Map<Long, Block> blocks;

  private Region(Block entry, Map<Long, Block> blocks) {
    this.entry = entry;
    this.blocks = blocks;
  }

  /** Guest instructions in the region. */
  int insnCount() {
    int n = 0;
    for (Block b : blocks.values()) {
      n += b.insns.length;
    }
    return n;
  }

  /** Lowest guest address covered. */
  long start() {
    long s = Long.MAX_VALUE;
    for (Block b : blocks.values()) {
      s = Math.min(s, b.pc);
    }
    return s;
  }

  /** One past the highest guest address covered. */
  long end() {
    long e = 0;
    for (Block b : blocks.values()) {
      e = Math.max(e, b.endPc);
    }
    return e;
  }

  /** True if a block starting at {@code pc} belongs to the region. */
  boolean contains(long pc) {
    return blocks.containsKey(pc);
  }

  /** True if any block overlaps {@code [start, end)} (unsigned). */
  boolean overlaps(long start, long end) {
    for (Block b : blocks.values()) {
      if (Long.compareUnsigned(b.endPc, start) > 0 && Long.compareUnsigned(b.pc, end) < 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Grows a region from {@code entry} breadth-first over static successors (branch targets,
   * fall-throughs, direct jump targets and the return sites of calls), taking only blocks that
   * are decoded, still valid and were executed, until {@code maxInsns} guest instructions.
   */
  static Region select(Block entry, BlockCache cache, int maxInsns) {
    Map<Long, Block> blocks = new LinkedHashMap<>();
    ArrayDeque<Block> work = new ArrayDeque<>();
    blocks.put(entry.pc, entry);
    work.add(entry);
    int size = entry.insns.length;
    while (!work.isEmpty()) {
      Block b = work.poll();
      for (long s : successors(b)) {
        if (blocks.containsKey(s)) {
          continue;
        }
        Block nb = cache.get(s);
        if (nb == null || !nb.valid || nb.count == 0) {
          continue;
        }
        if (size + nb.insns.length > maxInsns) {
          continue;
        }
        blocks.put(s, nb);
        size += nb.insns.length;
        work.add(nb);
      }
    }
    return new Region(entry, blocks);
  }

  /** The region cut down to its first {@code n} blocks (in selection order). */
  Region firstBlocks(int n) {
    Map<Long, Block> m = new LinkedHashMap<>();
    for (Block b : blocks.values()) {
      if (m.size() == n) {
        break;
      }
      m.put(b.pc, b);
    }
    return new Region(entry, m);
  }

  /** Statically known successors of a block, most likely first. */
  static List<Long> successors(Block b) {
    List<Long> out = new ArrayList<>(2);
    Insn last = b.last();
    switch (last.op.kind) {
      case BRANCH:
        out.add(last.pc + last.imm);
        out.add(last.pc + last.len);
        break;
      case JAL:
        out.add(last.pc + last.imm);
        if (last.rd != 0) {
          out.add(last.pc + last.len); // where the callee's return lands
        }
        break;
      case JALR: {
        // The target the interpreter saw last (a function pointer, a switch table entry):
        // compiled code checks it and stays in the region when it matches.
        long[] seen = b.indirectTargets;
        if (seen != null) {
          for (long t : seen) {
            out.add(t);
          }
        }
        if (last.rd != 0) {
          out.add(last.pc + last.len);
        }
        break;
      }
      case ECALL:
      case EBREAK:
      case ILLEGAL:
      case FENCE_I:
        break;
      default:
        out.add(b.endPc);
        break;
    }
    return out;
  }

  /** True if the block's last instruction is one compiled code hands back to the interpreter. */
  static boolean endsInInterpreter(Block b) {
    Kind k = b.last().op.kind;
    return k == Kind.ECALL || k == Kind.EBREAK || k == Kind.ILLEGAL || k == Kind.FENCE_I;
  }
}
