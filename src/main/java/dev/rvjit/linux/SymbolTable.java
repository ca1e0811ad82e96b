package dev.rvjit.linux;

import java.util.Map;
import java.util.TreeMap;

/** Function and object symbols by address, for disassembly listings, inspection and profiles. */
public final class SymbolTable {
  /** One symbol: name, start address and size in bytes (0 if unknown). */
  public static final class Symbol {
    public final String name;
    public final long address;
    public final long size;

    public Symbol(String name, long address, long size) {
      this.name = name;
      this.address = address;
      this.size = size;
    }
  }

  private final TreeMap<Long, Symbol> byAddress = new TreeMap<>(Long::compareUnsigned);
  private final Map<String, Symbol> byName = new java.util.HashMap<>();

  public void add(Symbol s) {
    Symbol old = byAddress.get(s.address);
    // Prefer sized, global-looking names over local labels at the same address.
    if (old == null || (old.size == 0 && s.size != 0)) {
      byAddress.put(s.address, s);
    }
    byName.putIfAbsent(s.name, s);
  }

  /** The symbol with this exact name, or null. */
  public Symbol byName(String name) {
    return byName.get(name);
  }

  /** The symbol covering {@code addr} (or the nearest one below it if sizes are unknown), or null. */
  public Symbol lookup(long addr) {
    Map.Entry<Long, Symbol> e = byAddress.floorEntry(addr);
    if (e == null) {
      return null;
    }
    Symbol s = e.getValue();
    if (s.size != 0 && Long.compareUnsigned(addr - s.address, s.size) >= 0) {
      return null;
    }
    return s;
  }

  /** {@code name+0xoff} for an address, or null if no symbol covers it. */
  public String describe(long addr) {
    Symbol s = lookup(addr);
    if (s == null) {
      return null;
    }
    long off = addr - s.address;
    return off == 0 ? s.name : s.name + "+0x" + Long.toHexString(off);
  }

  public boolean isEmpty() {
    return byAddress.isEmpty();
  }

  /** All symbols in address order. */
  public Iterable<Symbol> all() {
    return byAddress.values();
  }
}
