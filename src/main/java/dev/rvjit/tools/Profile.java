package dev.rvjit.tools;

import dev.rvjit.interp.Block;
import dev.rvjit.isa.Insn;
import dev.rvjit.jit.Jit;
import dev.rvjit.linux.SymbolTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A flat profile of guest instructions by function, split by tier. The interpreter's share comes
 * from each live block's entry counter times its length; compiled code's from the per-block
 * counters the JIT adds when asked ({@link Jit#countBlocks}). Code dropped during the run (self-
 * modifying code, unmapped libraries) is not counted, and a block whose counter the JIT reset
 * loses those entries, so the attributed total can fall a little short of the run's; the report
 * says by how much.
 */
public final class Profile {
  /** One function's line. */
  public static final class Entry {
    public final String function;
    public long interpreted;
    public long compiled;

    Entry(String function) {
      this.function = function;
    }

    public long total() {
      return interpreted + compiled;
    }
  }

  public final List<Entry> entries;
  public final long instret;
  public final long interpretedExact;

  private Profile(List<Entry> entries, long instret, long interpretedExact) {
    this.entries = entries;
    this.instret = instret;
    this.interpretedExact = interpretedExact;
  }

  /**
   * Builds the profile of a finished run.
   *
   * @param blocks the block cache's live blocks (their counters are the interpreter's profile)
   * @param jit the JIT tier, or null
   * @param instret instructions the run retired
   * @param interpreted instructions the interpreter executed itself (exact)
   */
  public static Profile of(List<Block> blocks, Jit jit, SymbolTable symbols, long instret,
      long interpreted) {
    Map<String, Entry> by = new HashMap<>();
    Map<Long, String> fnCache = new HashMap<>();
    for (Block b : blocks) {
      if (b.entries() == 0) {
        continue;
      }
      for (Insn in : b.insns) {
        entry(by, fnCache, symbols, in.pc).interpreted += b.entries();
      }
    }
    if (jit != null) {
      for (Jit.Unit u : jit.units()) {
        long[] counts = u.blockCounts();
        if (counts == null) {
          continue;
        }
        for (int i = 0; i < counts.length; i++) {
          if (counts[i] == 0) {
            continue;
          }
          for (Insn in : u.regionBlocks.get(i).insns) {
            entry(by, fnCache, symbols, in.pc).compiled += counts[i];
          }
        }
      }
    }
    List<Entry> list = new ArrayList<>(by.values());
    list.sort((a, b) -> a.total() != b.total() ? Long.compare(b.total(), a.total())
        : a.function.compareTo(b.function));
    return new Profile(list, instret, interpreted);
  }

  private static Entry entry(Map<String, Entry> by, Map<Long, String> fnCache,
      SymbolTable symbols, long pc) {
    String fn = fnCache.computeIfAbsent(pc, p -> {
      SymbolTable.Symbol s = symbols == null ? null : symbols.lookup(p);
      return s != null ? s.name : String.format(Locale.ROOT, "?? 0x%x", p & ~0xfffL);
    });
    return by.computeIfAbsent(fn, Entry::new);
  }

  /** Instructions attributed to some function (the sum of all lines). */
  public long attributed() {
    long n = 0;
    for (Entry e : entries) {
      n += e.total();
    }
    return n;
  }

  /** The report: the {@code top} heaviest functions, then a summary line. */
  public String render(int top) {
    StringBuilder sb = new StringBuilder();
    long compiledExact = instret - interpretedExact;
    sb.append(String.format(Locale.ROOT, "rvjit: profile: %,d guest instructions, %.1f%% in the"
        + " interpreter, %.1f%% in compiled code%n", instret, pct(interpretedExact, instret),
        pct(compiledExact, instret)));
    sb.append(String.format(Locale.ROOT, "%7s %7s %16s %8s %8s  %s%n", "self%", "cumul%",
        "guest insns", "interp%", "jit%", "function"));
    long cumul = 0;
    int shown = 0;
    for (Entry e : entries) {
      if (shown++ >= top) {
        break;
      }
      cumul += e.total();
      sb.append(String.format(Locale.ROOT, "%6.2f%% %6.2f%% %,16d %7.1f%% %7.1f%%  %s%n",
          pct(e.total(), instret), pct(cumul, instret), e.total(), pct(e.interpreted, e.total()),
          pct(e.compiled, e.total()), e.function));
    }
    if (entries.size() > top) {
      long rest = attributed() - cumul;
      sb.append(String.format(Locale.ROOT, "%6.2f%% %7s %,16d %8s %8s  (%d more functions)%n",
          pct(rest, instret), "", rest, "", "", entries.size() - top));
    }
    long lost = instret - attributed();
    if (lost != 0) {
      long interp = 0;
      for (Entry e : entries) {
        interp += e.interpreted;
      }
      long lostInterp = interpretedExact - interp;
      sb.append(String.format(Locale.ROOT, "%6.2f%% %7s %,16d %7.1f%% %7.1f%%  (not attributed:"
          + " code dropped or counters reset during the run)%n", pct(lost, instret), "", lost,
          pct(lostInterp, lost), pct(lost - lostInterp, lost)));
    }
    return sb.toString();
  }

  private static double pct(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }
}
