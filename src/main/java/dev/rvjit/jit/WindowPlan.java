package dev.rvjit.jit;

import dev.rvjit.interp.Block;
import dev.rvjit.jit.LoopWindows.WinBase;
import dev.rvjit.jit.LoopWindows.Window;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The windows of one unit, by block: loops whose accesses are range-tested once where they are
 * entered ({@link LoopWindows}), index windows ({@link IndexWindows}) and loop skips
 * ({@link LoopSkips}). Those on the same cycle of the region (same head, same blocks) share one
 * {@link Window}; an index window whose cycle clashes with a loop window's, or whose blocks
 * missed their ranges before, is left out, as is a skip whose loop lies inside a windowed one or
 * holds one.
 */
final class WindowPlan {
  /** The window of each block of a windowed loop. */
  final Map<Long, Window> windowOf = new HashMap<>();
  /** How many base-register locals the loop windows need ({@link WinBase#slot}: 0 on). */
  int count;

  private WindowPlan() {}

  /**
   * Plans the windows of {@code region}, entered at {@code entries} after the lead-in copies
   * {@code shadow}; {@code groups} are the blocks' checked groups of accesses, which an index
   * window covers whole or not at all.
   */
  static WindowPlan of(Region region, Set<Long> entries, List<Long> shadow,
      Map<Block, Translator.Group[]> groups) {
    WindowPlan p = new WindowPlan();
    for (Window w : LoopWindows.plan(region, entries, shadow)) {
      for (long pc : w.blocks) {
        p.windowOf.put(pc, w);
      }
      for (WinBase wb : w.bases.values()) {
        wb.slot = p.count++;
      }
    }
    for (Map.Entry<Set<Long>, Long> e
        : IndexWindows.candidates(region, entries, shadow).entrySet()) {
      Set<Long> c = e.getKey();
      Window loop = p.windowOf.get(e.getValue()); // a loop window on the same cycle, or null
      if (loop != null && (loop.head != e.getValue() || !loop.blocks.equals(c))) {
        continue; // (not expected: both are one cycle with one way in)
      }
      if (c.stream().anyMatch(pc -> region.blocks.get(pc).noRanges)) {
        continue; // a unit with this window kept missing it
      }
      IndexWindows.Plan plan = IndexWindows.plan(region, c, e.getValue());
      if (plan == null) {
        continue;
      }
      // A checked group is covered whole or not at all (its first access sets its local).
      for (long pc : c) {
        Block b = region.blocks.get(pc);
        IndexWindows.Access[] as = plan.covered.get(pc);
        if (as == null) {
          continue;
        }
        Translator.Group[] g = groups.get(b);
        Set<Translator.Group> partial = new HashSet<>();
        for (int i = 0; i < g.length; i++) {
          if (g[i] != null && (as[i] == null || as[i] != as[g[i].first])) {
            partial.add(g[i]);
          }
        }
        for (int i = 0; i < g.length; i++) {
          if (g[i] != null && partial.contains(g[i])) {
            as[i] = null;
          }
        }
      }
      plan.retain();
      if (plan.covered.isEmpty()) {
        continue;
      }
      // The index window joins the cycle's loop window if it has one (same head and blocks: both
      // are one cycle of the region with one way in), its test made before the loop window's.
      Window w = loop != null ? loop : new Window(e.getValue(), c, 0, 0, 0, 0);
      w.index = plan;
      for (long pc : c) {
        p.windowOf.put(pc, w);
      }
    }
    // Skips join a window on the same cycle with the same head; a loop inside a windowed one
    // (or holding one) gets none.
    for (LoopSkips.Plan k : LoopSkips.plan(region).values()) {
      Set<Long> c = new HashSet<>(k.blocks);
      Window w = p.windowOf.get(k.head);
      boolean clash = w != null && (w.head != k.head || !w.blocks.equals(c));
      for (long pc : k.blocks) {
        clash |= p.windowOf.get(pc) != w;
      }
      if (clash) {
        continue;
      }
      if (w == null) {
        w = new Window(k.head, c, 0, 0, 0, 0);
        for (long pc : c) {
          p.windowOf.put(pc, w);
        }
      }
      w.skip = k;
    }
    return p;
  }
}
