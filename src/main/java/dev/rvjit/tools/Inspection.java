package dev.rvjit.tools;

import dev.rvjit.interp.Block;
import dev.rvjit.isa.Disassembler;
import dev.rvjit.isa.Insn;
import dev.rvjit.jit.Jit;
import dev.rvjit.linux.SymbolTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * What the JIT made for a finished run, ready to show: each compiled unit with how often it ran,
 * its guest code and its JVM bytecode as text. Needs a run whose JIT kept class bytes and counted
 * blocks ({@link Jit#keepClassBytes}, {@link Jit#countBlocks}).
 */
public final class Inspection {
  /** One guest block of a unit and how often compiled code entered it. */
  public static final class BlockView {
    public final Block block;
    public final long entries;

    BlockView(Block block, long entries) {
      this.block = block;
      this.entries = entries;
    }
  }

  /** One compiled unit, with its profile. */
  public static final class UnitView {
    public final Jit.Unit unit;
    /** Guest instructions the unit executed: block entries times block lengths. */
    public final long insnsExecuted;
    /** Block entries inside the unit (loop iterations included). */
    public final long blockEntries;
    /** Times the dispatcher entered the unit. */
    public final long entries;
    /** {@code name+0xoff} of the unit's entry, or null. */
    public final String symbol;
    /** The region's blocks in address order. */
    public final List<BlockView> blocks;

    UnitView(Jit.Unit u, SymbolTable symbols) {
      this.unit = u;
      long[] counts = u.blockCounts();
      long insns = 0;
      long blockEntries = 0;
      List<BlockView> views = new ArrayList<>();
      for (int i = 0; i < u.regionBlocks.size(); i++) {
        Block b = u.regionBlocks.get(i);
        long c = counts == null ? 0 : counts[i];
        insns += c * b.insns.length;
        blockEntries += c;
        views.add(new BlockView(b, c));
      }
      views.sort(Comparator.comparingLong(v -> v.block.pc));
      this.insnsExecuted = insns;
      this.blockEntries = blockEntries;
      this.entries = u.entries();
      this.symbol = symbols == null ? null : symbols.describe(u.entryPc);
      this.blocks = views;
    }

    /** True if a block of the unit holds the instruction at {@code pc}. */
    public boolean holds(long pc) {
      for (BlockView v : blocks) {
        if (Long.compareUnsigned(pc, v.block.pc) >= 0
            && Long.compareUnsigned(pc, v.block.endPc) < 0) {
          return true;
        }
      }
      return false;
    }

    /** The class's simple name, e.g. {@code Unit_105d6}. */
    public String simpleName() {
      return unit.className.substring(unit.className.lastIndexOf('/') + 1);
    }

    /**
     * The entry and the span of guest addresses the blocks cover, e.g.
     * {@code 0x105d6 <main+0x84> [0x105b4..0x105e6)}.
     */
    public String title() {
      return String.format(Locale.ROOT, "0x%x%s [0x%x..0x%x)", unit.entryPc,
          symbol == null ? "" : " <" + symbol + ">", unit.start, unit.end);
    }

    /** The guest code, objdump style, one block after another with its entry count. */
    public String guestText(SymbolTable symbols) {
      StringBuilder sb = new StringBuilder();
      for (BlockView v : blocks) {
        String sym = symbols == null ? null : symbols.describe(v.block.pc);
        sb.append(String.format(Locale.ROOT, "%x%s:   entered %,d times%n", v.block.pc,
            sym == null ? "" : " <" + sym + ">", v.entries));
        for (Insn in : v.block.insns) {
          String text = Disassembler.format(in, symbols == null ? null : symbols::describe);
          sb.append(String.format(Locale.ROOT, "%8x:  %-8s  %s%n", in.pc,
              Disassembler.hexBytes(in), text.replace('\t', ' ')));
        }
      }
      return sb.toString();
    }

    /** The class as ASM's Textifier prints it (the form javap -c shows, in ASM's notation). */
    public String bytecodeText() {
      if (unit.classBytes == null) {
        return "(class bytes were not kept)\n";
      }
      StringWriter sw = new StringWriter();
      new ClassReader(unit.classBytes).accept(
          new TraceClassVisitor(null, new Textifier(), new PrintWriter(sw)), 0);
      return sw.toString();
    }
  }

  public final List<UnitView> units;
  /** Guest instructions of the run. */
  public final long instret;
  /** Of which compiled code executed. */
  public final long compiledInsns;

  /** Collects the JIT's live units, hottest (most guest instructions executed) first. */
  public Inspection(Jit jit, SymbolTable symbols, long instret, long interpretedInsns) {
    List<UnitView> us = new ArrayList<>();
    if (jit != null) {
      for (Jit.Unit u : jit.units()) {
        us.add(new UnitView(u, symbols));
      }
    }
    us.sort(Comparator.comparingLong((UnitView v) -> v.insnsExecuted).reversed()
        .thenComparingLong(v -> v.unit.entryPc));
    this.units = us;
    this.instret = instret;
    this.compiledInsns = instret - interpretedInsns;
  }

  /** The units to show: those holding {@code pc} (if not null), at most {@code top}. */
  public List<UnitView> select(Long pc, int top) {
    List<UnitView> out = new ArrayList<>();
    for (UnitView v : units) {
      if (pc == null || v.holds(pc)) {
        out.add(v);
      }
      if (out.size() >= top) {
        break;
      }
    }
    return out;
  }

  /** Percentage of the run's instructions, for display. */
  public double share(UnitView v) {
    return instret == 0 ? 0 : 100.0 * v.insnsExecuted / instret;
  }
}
