package dev.rvjit.linux;

import dev.rvjit.memory.Memory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds a new process's initial stack as Linux does for RISC-V, from the top of the stack down.
 *
 * <p>Final layout, from high to low addresses:
 *
 * <pre>
 *   stack top -&gt;  8 zero bytes (end marker)
 *                 program file name (AT_EXECFN), NUL-terminated
 *                 argv strings, then envp strings, each NUL-terminated, in order
 *                 extra blobs (AT_RANDOM's 16 bytes, a program header copy if needed)
 *                 padding to 16 bytes
 *   sp + ...      auxv pairs (type, value) ... AT_NULL, 0
 *                 envp[0..n-1], NULL
 *                 argv[0..argc-1], NULL
 *   sp -&gt;         argc
 * </pre>
 *
 * <p>{@code sp} is 16-byte aligned as the RISC-V psABI requires at process entry. Strings and
 * tables are written with {@link Memory#poke}, so the stack only needs to be mapped.
 */
final class StackBuilder {
  /** Part of the stack that argument and environment strings may use (Linux: 1/4 of the limit). */
  static final long ARG_FRACTION = 4;

  private final Memory mem;
  private final long top;
  private final long limit;
  private long p;

  /**
   * Starts an empty stack.
   *
   * @param mem the guest memory, with {@code [bottom, top)} mapped
   * @param top first address past the stack
   * @param bottom lowest mapped stack address
   */
  StackBuilder(Memory mem, long top, long bottom) {
    this.mem = mem;
    this.top = top;
    this.limit = top - (top - bottom) / ARG_FRACTION;
    this.p = top;
  }

  /**
   * Pushes raw bytes, aligning their start down to {@code align}.
   *
   * @param b the bytes
   * @param align a power of two
   * @return the guest address of the first byte
   */
  long push(byte[] b, int align) {
    long at = (p - b.length) & -align;
    reserve(at);
    mem.poke(at, b, 0, b.length);
    p = at;
    return at;
  }

  /**
   * Pushes a NUL-terminated UTF-8 string.
   *
   * @param s the string
   * @return its guest address
   */
  long pushString(String s) {
    return push(cString(s), 1);
  }

  /**
   * Pushes the argv and envp strings as one block (argv first, in order, as Linux copies them) and
   * returns their addresses: the first {@code argv.size()} entries are argv's, then envp's.
   *
   * @param argv argument strings
   * @param env environment strings
   * @return the guest address of each string
   */
  long[] pushStrings(List<String> argv, List<String> env) {
    int n = argv.size() + env.size();
    byte[][] all = new byte[n][];
    int total = 0;
    for (int i = 0; i < n; i++) {
      all[i] = cString(i < argv.size() ? argv.get(i) : env.get(i - argv.size()));
      total += all[i].length;
    }
    byte[] block = new byte[total];
    long[] addr = new long[n];
    int off = 0;
    for (int i = 0; i < n; i++) {
      System.arraycopy(all[i], 0, block, off, all[i].length);
      addr[i] = off;
      off += all[i].length;
    }
    long base = push(block, 1);
    for (int i = 0; i < n; i++) {
      addr[i] += base;
    }
    return addr;
  }

  /**
   * Writes argc, the argv and envp pointer arrays and the auxiliary vector below everything pushed
   * so far, and returns the 16-byte aligned stack pointer.
   *
   * @param argv argv pointers
   * @param envp envp pointers
   * @param auxv auxiliary vector as (type, value) pairs, without the final AT_NULL pair
   * @return the initial {@code sp}, pointing at argc
   */
  long finish(long[] argv, long[] envp, long[] auxv) {
    int words = 1 + argv.length + 1 + envp.length + 1 + auxv.length + 2;
    long sp = (p - 8L * words) & -16L;
    reserve(sp);
    byte[] table = new byte[8 * words];
    int w = 0;
    w = put(table, w, argv.length);
    for (long a : argv) {
      w = put(table, w, a);
    }
    w = put(table, w, 0);
    for (long e : envp) {
      w = put(table, w, e);
    }
    w = put(table, w, 0);
    for (long v : auxv) {
      w = put(table, w, v);
    }
    w = put(table, w, ElfLoader.AT_NULL);
    put(table, w, 0);
    mem.poke(sp, table, 0, table.length);
    p = sp;
    return sp;
  }

  /**
   * The lowest address used so far.
   *
   * @return the current low-water mark
   */
  long low() {
    return p;
  }

  private void reserve(long at) {
    if (at < limit) {
      throw new ElfException(String.format(
          "rvjit: argument list and environment too long (%d bytes; rvjit's limit is %d)",
          top - at, top - limit));
    }
  }

  private static int put(byte[] b, int w, long v) {
    int o = w * 8;
    for (int i = 0; i < 8; i++) {
      b[o + i] = (byte) (v >>> (8 * i));
    }
    return w + 1;
  }

  private static byte[] cString(String s) {
    byte[] u = s.getBytes(StandardCharsets.UTF_8);
    byte[] c = new byte[u.length + 1];
    System.arraycopy(u, 0, c, 0, u.length);
    return c;
  }
}
