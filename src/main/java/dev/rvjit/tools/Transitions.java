package dev.rvjit.tools;

import dev.rvjit.interp.CompiledCode;
import dev.rvjit.interp.Interpreter;
import dev.rvjit.jit.Jit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the hand-overs between compiled units ({@code rvjit inspect --transitions}): which unit
 * left through which exit towards which guest address, and how often the exit's link already
 * named the unit that runs there. The hottest ones show where compiled code keeps leaving, e.g. a
 * loop split between units or a function cut in pieces.
 */
public final class Transitions implements Interpreter.TransitionSink {
  private record Key(int exit, long next) {}

  /** One unit exit towards one guest address, and how often control went that way. */
  public record Edge(long fromEntry, int exit, long next, long count, long linked) {}

  private final Map<CompiledCode, Map<Key, long[]>> counts = new IdentityHashMap<>();
  private long total;

  @Override
  public void transition(CompiledCode from, int exit, long next) {
    total++;
    CompiledCode link = from.linkCode[exit];
    long[] c = counts.computeIfAbsent(from, k -> new HashMap<>())
        .computeIfAbsent(new Key(exit, next), k -> new long[2]);
    c[0]++;
    if (from.linkPc[exit] == next && link != null && link.valid) {
      c[1]++;
    }
  }

  /** Hand-overs counted in all. */
  public long total() {
    return total;
  }

  /** Distinct (unit, exit, target) triples seen. */
  public int distinct() {
    int n = 0;
    for (Map<Key, long[]> m : counts.values()) {
      n += m.size();
    }
    return n;
  }

  /** The {@code n} most frequent, most frequent first. */
  public List<Edge> hottest(int n) {
    List<Edge> all = new ArrayList<>();
    for (Map.Entry<CompiledCode, Map<Key, long[]>> u : counts.entrySet()) {
      long entry = Jit.entryPcOf(u.getKey());
      for (Map.Entry<Key, long[]> e : u.getValue().entrySet()) {
        all.add(new Edge(entry, e.getKey().exit, e.getKey().next, e.getValue()[0],
            e.getValue()[1]));
      }
    }
    all.sort(Comparator.comparingLong(Edge::count).reversed()
        .thenComparingLong(Edge::fromEntry).thenComparingInt(Edge::exit));
    return all.subList(0, Math.min(n, all.size()));
  }
}
