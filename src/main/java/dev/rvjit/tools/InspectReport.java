package dev.rvjit.tools;

import dev.rvjit.linux.SymbolTable;
import dev.rvjit.tools.Inspection.UnitView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders an {@link Inspection} as plain text or as one self-contained XHTML page. */
public final class InspectReport {
  private InspectReport() {}

  private static String header(Inspection in, String program, List<UnitView> shown) {
    return String.format(Locale.ROOT, "%s: %,d guest instructions, %,d (%.1f%%) in compiled code;"
        + " %d units live, showing %d, hottest first", program, in.instret, in.compiledInsns,
        in.instret == 0 ? 0.0 : 100.0 * in.compiledInsns / in.instret, in.units.size(),
        shown.size());
  }

  private static String unitSummary(Inspection in, UnitView v) {
    return String.format(Locale.ROOT, "%,d guest insns executed (%.1f%% of the run), entered %,d"
        + " times, %,d block entries; %d blocks, %d guest insns, %,d bytes of bytecode, class %s",
        v.insnsExecuted, in.share(v), v.entries, v.blockEntries, v.unit.blocks,
        v.unit.guestInsns, v.unit.codeBytes, v.simpleName());
  }

  /**
   * The hottest hand-overs between units, one row each: count, share of all hand-overs, the unit
   * left (entry address and symbol), its exit number, the guest address control went to, what is
   * entered there now, and the share of these hand-overs the exit's link served.
   */
  static List<String[]> transitionRows(Inspection in, Transitions tr, int n,
      SymbolTable symbols) {
    List<String[]> rows = new ArrayList<>();
    for (Transitions.Edge e : tr.hottest(n)) {
      String to = "not compiled";
      for (UnitView v : in.units) {
        if (v.unit.entries.contains(e.next())) {
          to = String.format(Locale.ROOT, "unit 0x%x", v.unit.entryPc);
          break;
        }
      }
      rows.add(new String[] {
        String.format(Locale.ROOT, "%,d", e.count()),
        String.format(Locale.ROOT, "%.1f%%", 100.0 * e.count() / Math.max(1, tr.total())),
        where(e.fromEntry(), symbols),
        Integer.toString(e.exit()),
        where(e.next(), symbols),
        to,
        String.format(Locale.ROOT, "%.0f%%", 100.0 * e.linked() / Math.max(1, e.count()))
      });
    }
    return rows;
  }

  static final String[] TRANSITION_HEAD = {
    "count", "share", "unit left", "exit", "towards", "runs there now", "via link"
  };

  private static String where(long pc, SymbolTable symbols) {
    String s = symbols == null ? null : symbols.describe(pc);
    return String.format(Locale.ROOT, "0x%x", pc) + (s == null ? "" : " <" + s + ">");
  }

  private static String transitionsTitle(Transitions tr, int shown) {
    return String.format(Locale.ROOT, "hottest hand-overs between compiled units: %d of %,d"
        + " (unit, exit, target) seen, %,d hand-overs in all", shown, tr.distinct(), tr.total());
  }

  /**
   * Units one after the other: a title, the guest code, then the bytecode; with {@code tr}, the
   * {@code topTransitions} hottest hand-overs between units first.
   */
  public static String text(Inspection in, String program, List<UnitView> shown,
      SymbolTable symbols, Transitions tr, int topTransitions) {
    StringBuilder sb = new StringBuilder();
    sb.append(header(in, program, shown)).append("\n");
    if (tr != null && topTransitions > 0) {
      List<String[]> rows = transitionRows(in, tr, topTransitions, symbols);
      sb.append("\n").append(transitionsTitle(tr, rows.size())).append("\n");
      int[] w = TextTable.widths(TRANSITION_HEAD, rows);
      TextTable.appendRow(sb, TRANSITION_HEAD, w, InspectReport::textColumn);
      for (String[] r : rows) {
        TextTable.appendRow(sb, r, w, InspectReport::textColumn);
      }
    }
    int rank = 1;
    for (UnitView v : shown) {
      sb.append("\n").append("=".repeat(100)).append("\n");
      sb.append(String.format(Locale.ROOT, "#%d  unit %s%n", rank++, v.title()));
      sb.append("    ").append(unitSummary(in, v)).append("\n\n");
      sb.append("-- guest code --\n").append(v.guestText(symbols));
      sb.append("\n-- JVM bytecode --\n").append(v.bytecodeText());
    }
    return sb.toString();
  }

  private static final String CSS = String.join("\n",
      "body { font-family: system-ui, sans-serif; margin: 1.5em; color: #1d2125; background: #fff; }",
      "h1 { font-size: 1.4em; margin: 0 0 .3em 0; }",
      "h2 { font-size: 1.1em; margin: 1.6em 0 .2em 0; border-top: 2px solid #2f6fdb;"
          + " padding-top: .5em; }",
      "p.sum { color: #444; margin: .2em 0 .6em 0; }",
      "table.units { border-collapse: collapse; font-size: .9em; }",
      "table.units td, table.units th { border-bottom: 1px solid #ddd; padding: 2px 10px;"
          + " text-align: right; }",
      "table.units td.l, table.units th.l { text-align: left; }",
      "div.pair { display: flex; gap: 12px; align-items: flex-start; }",
      "div.col { flex: 1 1 50%; min-width: 0; }",
      "div.col h3 { font-size: .85em; margin: 0 0 4px 0; color: #555; text-transform: uppercase;"
          + " letter-spacing: .05em; }",
      "pre { margin: 0; padding: 8px; background: #f6f8fa; border: 1px solid #d8dee4;"
          + " border-radius: 4px; font-size: 12px; line-height: 1.35; overflow: auto;"
          + " max-height: 640px; tab-size: 8; }",
      "span.blk { color: #8250df; font-weight: bold; }",
      "span.hot { background: #ffe8b3; }",
      "div.bar { background: #2f6fdb; height: 8px; }",
      "");

  /** Columns of {@link #TRANSITION_HEAD} that hold text (left-aligned), not numbers. */
  private static boolean textColumn(int column) {
    return column == 2 || column == 4 || column == 5;
  }

  /**
   * A self-contained page (inline CSS, no scripts): guest code and bytecode side by side; with
   * {@code tr}, a table of the {@code topTransitions} hottest hand-overs between units.
   */
  public static String html(Inspection in, String program, List<UnitView> shown,
      SymbolTable symbols, Transitions tr, int topTransitions) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n");
    sb.append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
    sb.append("<meta charset=\"utf-8\"/>\n");
    sb.append("<title>rvjit inspect: ").append(esc(program)).append("</title>\n");
    sb.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    sb.append("<h1>rvjit inspect: ").append(esc(program)).append("</h1>\n");
    sb.append("<p class=\"sum\">").append(esc(header(in, program, shown))).append("</p>\n");
    sb.append("<table class=\"units\">\n<tr><th>#</th><th class=\"l\">unit</th>"
        + "<th>insns executed</th><th>share</th><th class=\"l\"></th><th>entries</th>"
        + "<th>guest insns</th><th>bytecode bytes</th></tr>\n");
    double top = shown.isEmpty() ? 1 : Math.max(1, in.share(shown.get(0)));
    int rank = 1;
    for (UnitView v : shown) {
      sb.append(String.format(Locale.ROOT, "<tr><td>%d</td><td class=\"l\"><a href=\"#u%d\">%s"
          + "</a></td><td>%,d</td><td>%.1f%%</td><td class=\"l\" style=\"width:120px\">"
          + "<div class=\"bar\" style=\"width:%.0fpx\"></div></td><td>%,d</td><td>%d</td>"
          + "<td>%,d</td></tr>%n", rank, rank, esc(v.title()), v.insnsExecuted, in.share(v),
          Math.max(1, 120 * in.share(v) / top), v.entries, v.unit.guestInsns, v.unit.codeBytes));
      rank++;
    }
    sb.append("</table>\n");
    if (tr != null && topTransitions > 0) {
      List<String[]> rows = transitionRows(in, tr, topTransitions, symbols);
      sb.append("<p class=\"sum\">").append(esc(transitionsTitle(tr, rows.size())))
          .append("</p>\n<table class=\"units\">\n<tr>");
      for (int i = 0; i < TRANSITION_HEAD.length; i++) {
        sb.append(textColumn(i) ? "<th class=\"l\">" : "<th>")
            .append(esc(TRANSITION_HEAD[i])).append("</th>");
      }
      sb.append("</tr>\n");
      for (String[] r : rows) {
        sb.append("<tr>");
        for (int i = 0; i < r.length; i++) {
          sb.append(textColumn(i) ? "<td class=\"l\">" : "<td>").append(esc(r[i]))
              .append("</td>");
        }
        sb.append("</tr>\n");
      }
      sb.append("</table>\n");
    }
    rank = 1;
    for (UnitView v : shown) {
      sb.append(String.format(Locale.ROOT, "<h2 id=\"u%d\">#%d unit %s</h2>%n", rank, rank,
          esc(v.title())));
      sb.append("<p class=\"sum\">").append(esc(unitSummary(in, v))).append("</p>\n");
      sb.append("<div class=\"pair\">\n<div class=\"col\"><h3>guest code (RISC-V)</h3><pre>");
      for (String line : v.guestText(symbols).split("\n")) {
        if (!line.startsWith(" ")) {
          sb.append("<span class=\"blk\">").append(esc(line)).append("</span>\n");
        } else {
          sb.append(esc(line)).append('\n');
        }
      }
      sb.append("</pre></div>\n<div class=\"col\"><h3>JVM bytecode (").append(esc(v.simpleName()))
          .append(")</h3><pre>").append(esc(v.bytecodeText())).append("</pre></div>\n</div>\n");
      rank++;
    }
    sb.append("<p class=\"sum\">made by rvjit inspect on ").append(esc(Machines.describe()))
        .append("</p>\n</body>\n</html>\n");
    return sb.toString();
  }

  /** Escapes text for XHTML (content and attribute values). */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            sb.append('?'); // not allowed in XML 1.0
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
