package dev.rvjit.tools;

import java.util.List;
import java.util.function.IntPredicate;

/** Aligned plain-text table rows, as the bench and inspect reports print them. */
final class TextTable {
  private TextTable() {}

  /** Each column's width: its widest cell, the header included. */
  static int[] widths(String[] head, List<String[]> rows) {
    int[] w = new int[head.length];
    for (int i = 0; i < head.length; i++) {
      w[i] = head[i].length();
    }
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    return w;
  }

  /**
   * One line: cells padded to {@code w}, two spaces apart, left-aligned where {@code left} says
   * (else right-aligned), trailing blanks dropped.
   */
  static void appendRow(StringBuilder sb, String[] cells, int[] w, IntPredicate left) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      line.append(left.test(i) ? String.format("%-" + w[i] + "s", cells[i])
          : String.format("%" + w[i] + "s", cells[i]));
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }
}
