/*
 * fporacle: a guest-level oracle for the RISC-V F and D extensions.
 *
 * Generates operand vectors from a seed (integer arithmetic only, so the
 * generator itself does not depend on the FPU under test) and applies every
 * F and D instruction to them: the rounding instructions in each static
 * rounding mode (rne, rtz, rdn, rup, rmm) and with the dynamic mode under
 * each of the five valid frm values (fsrm), the others once. Every operation
 * starts with cleared fflags (fsflags); its result register (64 bits, so the
 * NaN boxing of single results is checked too) and fflags (frflags) are
 * folded into a digest per vector. The same vectors come out for the same
 * seed and index in every mode, so a digest mismatch can be replayed with
 * `dump`, which prints every operation of the chosen vectors.
 *
 *   fporacle [SEED [COUNT [FIRST]]]        one digest line per vector, then a summary
 *   fporacle dump SEED FIRST COUNT         every operand, operation, result and flags
 *   fporacle illegal-dyn FRM INSN          set frm to FRM, then run INSN with the
 *                                          dynamic mode (dies with SIGILL for FRM 5..7
 *                                          unless INSN has no rounding mode)
 *   fporacle illegal-static RM             fadd.d with static rm 5 or 6 (SIGILL)
 *
 * Output is deterministic. Defaults: SEED 1, COUNT 100000, FIRST 0.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t u64;
typedef uint32_t u32;

#define FNV 0x100000001b3ULL
#define FNV0 0xcbf29ce484222325ULL

static u64 H;          /* digest of the current vector */
static int dumping;    /* print every operation */
static int cur_frm;    /* frm while a dynamic-mode group runs, for dump */

static void dump_op(const char *name, u64 r, u64 f)
{
    size_t n = strlen(name);
    if (n > 4 && strcmp(name + n - 4, ",dyn") == 0)
        printf("  %-18s frm=%d  -> %016llx  fflags %02llx\n", name, cur_frm,
               (unsigned long long)r, (unsigned long long)f);
    else
        printf("  %-18s        -> %016llx  fflags %02llx\n", name,
               (unsigned long long)r, (unsigned long long)f);
}

#define REC(NAME, R, F) do {                         \
        H = (H ^ (R)) * FNV;                         \
        H = (H ^ (F)) * FNV;                         \
        if (dumping) dump_op(NAME, R, F);            \
    } while (0)

/* FP result from two FP operands. */
#define F2(I, S, A, B) do { u64 r_, f_;                                     \
        __asm__ volatile("fsflags zero\n\tfmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\t" \
                         I " ft2, ft0, ft1" S "\n\tfmv.x.d %0, ft2\n\tfrflags %1" \
                         : "=r"(r_), "=r"(f_) : "r"(A), "r"(B)               \
                         : "ft0", "ft1", "ft2");                             \
        REC(I S, r_, f_); } while (0)

/* FP result from three FP operands. */
#define F3(I, S, A, B, C) do { u64 r_, f_;                                  \
        __asm__ volatile("fsflags zero\n\tfmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\t" \
                         "fmv.d.x ft2, %4\n\t"                               \
                         I " ft3, ft0, ft1, ft2" S "\n\tfmv.x.d %0, ft3\n\tfrflags %1" \
                         : "=r"(r_), "=r"(f_) : "r"(A), "r"(B), "r"(C)       \
                         : "ft0", "ft1", "ft2", "ft3");                      \
        REC(I S, r_, f_); } while (0)

/* FP result from one FP operand. */
#define F1(I, S, A) do { u64 r_, f_;                                        \
        __asm__ volatile("fsflags zero\n\tfmv.d.x ft0, %2\n\t"              \
                         I " ft2, ft0" S "\n\tfmv.x.d %0, ft2\n\tfrflags %1" \
                         : "=r"(r_), "=r"(f_) : "r"(A) : "ft0", "ft2");      \
        REC(I S, r_, f_); } while (0)

/* Integer result from one FP operand (conversions, fclass, fmv.x). */
#define FX(I, S, A) do { u64 r_, f_;                                        \
        __asm__ volatile("fsflags zero\n\tfmv.d.x ft0, %2\n\t"              \
                         I " %0, ft0" S "\n\tfrflags %1"                     \
                         : "=&r"(r_), "=r"(f_) : "r"(A) : "ft0");            \
        REC(I S, r_, f_); } while (0)

/* FP result from one integer operand. */
#define XF(I, S, X) do { u64 r_, f_;                                        \
        __asm__ volatile("fsflags zero\n\t" I " ft2, %2" S                   \
                         "\n\tfmv.x.d %0, ft2\n\tfrflags %1"                 \
                         : "=r"(r_), "=r"(f_) : "r"(X) : "ft2");             \
        REC(I S, r_, f_); } while (0)

/* Integer result from two FP operands (comparisons). */
#define CMP(I, A, B) do { u64 r_, f_;                                       \
        __asm__ volatile("fsflags zero\n\tfmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\t" \
                         I " %0, ft0, ft1\n\tfrflags %1"                     \
                         : "=&r"(r_), "=r"(f_) : "r"(A), "r"(B) : "ft0", "ft1"); \
        REC(I, r_, f_); } while (0)

/* The assembler takes no rounding mode on the exact conversions, so these
 * are encoded with .insn (OP-FP, funct3 = rm). */
#define CVT_D_S(S, N, A) do { u64 r_, f_;                                   \
        __asm__ volatile("fsflags zero\n\tfmv.d.x ft0, %2\n\t"              \
                         ".insn r 0x53, " N ", 0x21, ft2, ft0, f0"           \
                         "\n\tfmv.x.d %0, ft2\n\tfrflags %1"                 \
                         : "=r"(r_), "=r"(f_) : "r"(A) : "ft0", "ft2");      \
        REC("fcvt.d.s" S, r_, f_); } while (0)

#define CVT_D_W(S, N, X, RS2, NAME) do { u64 r_, f_;                        \
        __asm__ volatile("fsflags zero\n\t"                                  \
                         ".insn r 0x53, " N ", 0x69, ft2, %2, " RS2          \
                         "\n\tfmv.x.d %0, ft2\n\tfrflags %1"                 \
                         : "=r"(r_), "=r"(f_) : "r"(X) : "ft2");             \
        REC(NAME S, r_, f_); } while (0)

typedef struct {
    u64 d[3];   /* double operands (bits) */
    u64 s[3];   /* single operands as 64-bit register contents (mostly NaN-boxed) */
    u64 x;      /* integer operand */
} vec;

/* Every instruction with a rounding mode: 36 of them. */
#define RM_OPS(S, N, V) do {                                                 \
        F2("fadd.d", S, V->d[0], V->d[1]);                                   \
        F2("fsub.d", S, V->d[0], V->d[1]);                                   \
        F2("fmul.d", S, V->d[0], V->d[1]);                                   \
        F2("fdiv.d", S, V->d[0], V->d[1]);                                   \
        F1("fsqrt.d", S, V->d[0]);                                           \
        F3("fmadd.d", S, V->d[0], V->d[1], V->d[2]);                         \
        F3("fmsub.d", S, V->d[0], V->d[1], V->d[2]);                         \
        F3("fnmsub.d", S, V->d[0], V->d[1], V->d[2]);                        \
        F3("fnmadd.d", S, V->d[0], V->d[1], V->d[2]);                        \
        F2("fadd.s", S, V->s[0], V->s[1]);                                   \
        F2("fsub.s", S, V->s[0], V->s[1]);                                   \
        F2("fmul.s", S, V->s[0], V->s[1]);                                   \
        F2("fdiv.s", S, V->s[0], V->s[1]);                                   \
        F1("fsqrt.s", S, V->s[0]);                                           \
        F3("fmadd.s", S, V->s[0], V->s[1], V->s[2]);                         \
        F3("fmsub.s", S, V->s[0], V->s[1], V->s[2]);                         \
        F3("fnmsub.s", S, V->s[0], V->s[1], V->s[2]);                        \
        F3("fnmadd.s", S, V->s[0], V->s[1], V->s[2]);                        \
        FX("fcvt.w.d", S, V->d[0]);                                          \
        FX("fcvt.wu.d", S, V->d[0]);                                         \
        FX("fcvt.l.d", S, V->d[0]);                                          \
        FX("fcvt.lu.d", S, V->d[0]);                                         \
        FX("fcvt.w.s", S, V->s[0]);                                          \
        FX("fcvt.wu.s", S, V->s[0]);                                         \
        FX("fcvt.l.s", S, V->s[0]);                                          \
        FX("fcvt.lu.s", S, V->s[0]);                                         \
        CVT_D_W(S, N, V->x, "x0", "fcvt.d.w");                               \
        CVT_D_W(S, N, V->x, "x1", "fcvt.d.wu");                              \
        XF("fcvt.d.l", S, V->x);                                             \
        XF("fcvt.d.lu", S, V->x);                                            \
        XF("fcvt.s.w", S, V->x);                                             \
        XF("fcvt.s.wu", S, V->x);                                            \
        XF("fcvt.s.l", S, V->x);                                             \
        XF("fcvt.s.lu", S, V->x);                                            \
        F1("fcvt.s.d", S, V->d[0]);                                          \
        CVT_D_S(S, N, V->s[0]);                                              \
    } while (0)

#define RM_OP_COUNT 36
#define PLAIN_OP_COUNT 22
#define OPS_PER_VECTOR (RM_OP_COUNT * 10 + PLAIN_OP_COUNT)

static void apply_all(const vec *v)
{
    /* Instructions without a rounding mode: 22. */
    F2("fmin.d", "", v->d[0], v->d[1]);
    F2("fmax.d", "", v->d[0], v->d[1]);
    F2("fsgnj.d", "", v->d[0], v->d[1]);
    F2("fsgnjn.d", "", v->d[0], v->d[1]);
    F2("fsgnjx.d", "", v->d[0], v->d[1]);
    CMP("feq.d", v->d[0], v->d[1]);
    CMP("flt.d", v->d[0], v->d[1]);
    CMP("fle.d", v->d[0], v->d[1]);
    FX("fclass.d", "", v->d[0]);
    FX("fmv.x.d", "", v->d[0]);
    XF("fmv.d.x", "", v->x);
    F2("fmin.s", "", v->s[0], v->s[1]);
    F2("fmax.s", "", v->s[0], v->s[1]);
    F2("fsgnj.s", "", v->s[0], v->s[1]);
    F2("fsgnjn.s", "", v->s[0], v->s[1]);
    F2("fsgnjx.s", "", v->s[0], v->s[1]);
    CMP("feq.s", v->s[0], v->s[1]);
    CMP("flt.s", v->s[0], v->s[1]);
    CMP("fle.s", v->s[0], v->s[1]);
    FX("fclass.s", "", v->s[0]);
    FX("fmv.x.w", "", v->s[0]);
    XF("fmv.w.x", "", v->x);

    RM_OPS(",rne", "0", v);
    RM_OPS(",rtz", "1", v);
    RM_OPS(",rdn", "2", v);
    RM_OPS(",rup", "3", v);
    RM_OPS(",rmm", "4", v);
    for (int m = 0; m < 5; m++) {
        cur_frm = m;
        __asm__ volatile("fsrm %0" : : "r"((u64)m));
        RM_OPS(",dyn", "7", v);
    }
    __asm__ volatile("fsrm zero");
}

/* ---- operand generation (integer arithmetic only) ---------------------- */

static u64 rs;   /* splitmix64 state */

static u64 rnd(void)
{
    u64 z = (rs += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static u64 below(u64 n) { return rnd() % n; }

typedef struct {
    int m;       /* fraction bits */
    int e;       /* exponent bits */
    int bias;
    u64 sign;    /* sign bit */
    u64 emax;    /* all-ones exponent field */
    u64 fmask;   /* fraction mask */
    u64 mask;    /* all bits of the format */
} fmt;

static const fmt FD = {52, 11, 1023, 1ULL << 63, 0x7ff, (1ULL << 52) - 1, ~0ULL};
static const fmt FS = {23, 8, 127, 1ULL << 31, 0xff, (1ULL << 23) - 1, 0xffffffffULL};

static u64 expf_(const fmt *f, u64 v) { return (v >> f->m) & f->emax; }

static u64 pack(const fmt *f, u64 sign, long e, u64 frac)
{
    if (e < 0) e = 0;
    if (e > (long)f->emax) e = f->emax;
    return (sign ? f->sign : 0) | ((u64)e << f->m) | (frac & f->fmask);
}

static int bitlen(u64 v)
{
    int n = 0;
    while (v) { n++; v >>= 1; }
    return n;
}

/* The value m * 2^e exactly (m must fit the significand), or 0 for m == 0. */
static u64 mk(const fmt *f, u64 sign, u64 m, long e)
{
    if (m == 0) return sign ? f->sign : 0;
    int p = bitlen(m) - 1;                /* m = 1.xxx * 2^p */
    long be = (long)f->bias + p + e;
    if (be <= 0) {                        /* subnormal: shift into place, may drop bits */
        long s = (long)f->m + e + f->bias - 1;      /* value / 2^(1-bias-m) = m * 2^(e+bias+m-1) */
        u64 frac = s >= 0 ? (s < 64 ? m << s : 0) : (-s < 64 ? m >> -s : 0);
        return (sign ? f->sign : 0) | (frac & f->fmask);
    }
    u64 frac = p <= f->m ? m << (f->m - p) : m >> (p - f->m);
    return pack(f, sign, be, frac);
}

/* A few ulps away (bit pattern neighbour), sometimes. */
static u64 nudge(const fmt *f, u64 v)
{
    if (below(2)) return v;
    long d = (long)below(7) - 3;
    return (v + (u64)d) & f->mask;
}

static u64 special(const fmt *f)
{
    u64 s = below(2);
    u64 q = 1ULL << (f->m - 1);           /* quiet bit */
    switch (below(14)) {
    case 0: return pack(f, s, 0, 0);                           /* ±0 */
    case 1: return pack(f, s, 0, 1);                           /* min subnormal */
    case 2: return pack(f, s, 0, f->fmask);                    /* max subnormal */
    case 3: return pack(f, s, 0, rnd() >> below(64));          /* subnormal */
    case 4: return pack(f, s, 1, 0);                           /* min normal */
    case 5: return pack(f, s, f->emax - 1, f->fmask);          /* max finite */
    case 6: return pack(f, s, f->emax, 0);                     /* ±inf */
    case 7: return pack(f, s, f->emax, q);                     /* canonical-like qNaN */
    case 8: return pack(f, s, f->emax, q | (rnd() >> below(64)));  /* qNaN, payload */
    case 9: {                                                  /* sNaN, payload */
        u64 p = (rnd() >> below(64)) & (q - 1);
        return pack(f, s, f->emax, p ? p : 1);
    }
    case 10: return pack(f, s, f->bias, 0);                    /* ±1 */
    case 11: return pack(f, s, f->bias + (long)below(4) - 1, below(2) ? q : 0); /* 0.5, 1.5, 3 ... */
    case 12: return pack(f, s, f->emax - 1 - below(3), rnd()); /* near overflow */
    default: return pack(f, s, 1 + below(3), rnd());           /* near underflow */
    }
}

/* Near the limits of the integer conversions: ±2^k around 31, 32, 63, 64,
 * small values around ±0.5, and n + 0.5 ties. */
static u64 near_int_limit(const fmt *f)
{
    static const int ks[] = {-2, -1, 0, 1, 23, 24, 31, 32, 52, 53, 63, 64};
    u64 s = below(2);
    switch (below(3)) {
    case 0:
        return nudge(f, pack(f, s, f->bias + ks[below(12)], below(4) == 0 ? 1ULL << (f->m - 1) : 0));
    case 1: {   /* n + 0.5 with n of up to 33 bits (ties for W and WU) */
        int bits = 1 + below(f->m < 33 ? f->m : 33);
        u64 n = (rnd() >> (64 - bits)) | (1ULL << (bits - 1));
        return mk(f, s, 2 * n + 1, -1);
    }
    default: {  /* n + 0.5 with n of up to the full significand (ties for L and LU) */
        int bits = 1 + below(f->m);
        u64 n = (rnd() >> (64 - bits)) | (1ULL << (bits - 1));
        return nudge(f, mk(f, s, 2 * n + 1, -1));
    }
    }
}

/* An operand related to `other`: ties, cancellation, underflow and
 * overflow partners. */
static u64 related(const fmt *f, u64 other)
{
    long eo = (long)expf_(f, other);
    u64 s = below(2);
    switch (below(5)) {
    case 0:   /* about half an ulp of other: ties and near-ties in add/sub */
        return pack(f, s, eo - f->m - 1 + (long)below(3) - 1, below(2) ? 0 : rnd() >> (64 - below(4)));
    case 1:   /* -other, a few ulps away: cancellation, signed zeros */
        return nudge(f, (other ^ f->sign) & f->mask);
    case 2:   /* product near the underflow threshold */
        return pack(f, s, 2 * f->bias - eo + (long)below(5) - 2 - f->bias + 1,
                    below(2) ? f->fmask : rnd());
    case 3:   /* product near overflow */
        return pack(f, s, (long)f->emax - 1 + f->bias - eo + (long)below(3) - 1,
                    below(2) ? f->fmask : rnd());
    default:  /* same binade: subtraction loses leading bits */
        return pack(f, s, eo, rnd());
    }
}

static u64 gen_fp(const fmt *f, u64 other)
{
    switch (below(16)) {
    case 0: case 1: case 2:
        return rnd() & f->mask;                                   /* any bits */
    case 3: case 4: case 5:                                       /* moderate magnitude */
        return pack(f, below(2), f->bias - 20 + (long)below(41), rnd());
    case 6: case 7:
        return nudge(f, special(f));
    case 8: case 9:
        return near_int_limit(f);
    case 10: case 11: case 12:
        return related(f, other);
    case 13: {                                                    /* odd integers whose products tie */
        int bits = (f->m + 1) / 2 + 1;
        u64 n = (rnd() >> (64 - bits)) | (1ULL << (bits - 1)) | 1;
        return mk(f, below(2), n, (long)below(41) - 20 - bits);
    }
    case 14:                                                      /* small integers and halves */
        return mk(f, below(2), below(64), -(long)below(2));
    default:                                                      /* subnormal */
        return pack(f, below(2), 0, rnd() >> below(f->m));
    }
}

static u64 box(u64 bits)
{
    switch (below(32)) {
    case 0: return bits;                                 /* upper half zero: unboxed */
    case 1: return (rnd() << 32) | bits;                 /* random upper half */
    case 2: return 0x7fffffff00000000ULL | bits;         /* almost boxed */
    default: return 0xffffffff00000000ULL | bits;
    }
}

static u64 gen_int(void)
{
    u64 s = below(2);
    u64 v;
    switch (below(10)) {
    case 0: case 1: case 2:
        return rnd();
    case 3:
        return (u64)((int64_t)below(2001) - 1000);
    case 4:   /* near ±2^k */
        v = (1ULL << below(64)) + (u64)((int64_t)below(7) - 3);
        return s ? -v : v;
    case 5: { /* odd numbers of 25..32 bits, shifted: ties and near-ties for single */
        int bits = 25 + below(8);
        v = (rnd() >> (64 - bits)) | (1ULL << (bits - 1)) | 1;
        v <<= below(65 - bits);
        return s ? -v : v;
    }
    case 6: { /* odd numbers of 54..64 bits: ties for double */
        int bits = 54 + below(11);
        v = (rnd() >> (64 - bits)) | (1ULL << (bits - 1)) | 1;
        v <<= below(65 - bits);
        return s ? -v : v;
    }
    case 7: { /* interesting low word, random high word */
        int bits = 1 + below(32);
        v = (rnd() >> (64 - bits)) | (1ULL << (bits - 1));
        if (s) v = -v;
        return (rnd() << 32) | (v & 0xffffffffULL);
    }
    case 8:   /* the extremes */
        switch (below(6)) {
        case 0: return 0;
        case 1: return ~0ULL;
        case 2: return 1ULL << 63;
        case 3: return ~0ULL >> 1;
        case 4: return 0x80000000ULL;
        default: return 0xffffffffULL;
        }
    default:
        return (u64)(int64_t)(int32_t)rnd();
    }
}

static void gen(u64 seed, u64 index, vec *v)
{
    rs = seed * 0x2545f4914f6cdd1dULL ^ (index + 1) * 0x9e3779b97f4a7c15ULL;
    rnd();
    v->d[0] = gen_fp(&FD, 0);
    v->d[1] = gen_fp(&FD, v->d[0]);
    v->d[2] = gen_fp(&FD, below(2) ? v->d[0] : v->d[1]);
    for (int i = 0; i < 3; i++)
        v->s[i] = gen_fp(&FS, i ? v->s[i - 1] & 0xffffffffULL : 0);
    if (below(8) == 0) {   /* fused: b = 1 ± ulp, c = -a (± ulps): exact cancellation */
        v->d[1] = nudge(&FD, pack(&FD, 0, FD.bias, 0));
        v->d[2] = nudge(&FD, v->d[0] ^ FD.sign);
        v->s[1] = nudge(&FS, pack(&FS, 0, FS.bias, 0));
        v->s[2] = nudge(&FS, v->s[0] ^ FS.sign);
    }
    for (int i = 0; i < 3; i++)
        v->s[i] = box(v->s[i] & 0xffffffffULL);
    if (below(16) == 0)    /* a double pattern read as a single */
        v->s[below(3)] = v->d[below(3)];
    v->x = gen_int();
}

/* ---- modes ------------------------------------------------------------- */

static char obuf[1 << 16];
static size_t olen;

static void out_hex(u64 v)
{
    if (olen + 17 > sizeof obuf) {
        fwrite(obuf, 1, olen, stdout);
        olen = 0;
    }
    for (int i = 15; i >= 0; i--) {
        obuf[olen++] = "0123456789abcdef"[v >> 60];
        v <<= 4;
    }
    obuf[olen++] = '\n';
}

static int illegal_dyn(int frm, const char *insn)
{
    u64 a = 0x3ff8000000000000ULL, b = 0x4000000000000000ULL, r = 0;
    printf("frm %d, %s with the dynamic rounding mode\n", frm, insn);
    fflush(stdout);
    __asm__ volatile("fsrm %0" : : "r"((u64)frm));
    if (!strcmp(insn, "fadd.d"))
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfadd.d ft2, ft0, ft1, dyn\n\tfmv.x.d %0, ft2"
                         : "=r"(r) : "r"(a), "r"(b) : "ft0", "ft1", "ft2");
    else if (!strcmp(insn, "fmadd.s"))
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmadd.s ft2, ft0, ft0, ft0, dyn\n\tfmv.x.d %0, ft2"
                         : "=r"(r) : "r"(a) : "ft0", "ft2");
    else if (!strcmp(insn, "fsqrt.d"))
        __asm__ volatile("fmv.d.x ft0, %1\n\tfsqrt.d ft2, ft0, dyn\n\tfmv.x.d %0, ft2"
                         : "=r"(r) : "r"(b) : "ft0", "ft2");
    else if (!strcmp(insn, "fcvt.l.d"))
        __asm__ volatile("fmv.d.x ft0, %1\n\tfcvt.l.d %0, ft0, dyn" : "=r"(r) : "r"(a) : "ft0");
    else if (!strcmp(insn, "fcvt.s.l"))
        __asm__ volatile("fcvt.s.l ft2, %1, dyn\n\tfmv.x.d %0, ft2" : "=r"(r) : "r"(a) : "ft2");
    else if (!strcmp(insn, "fcvt.d.s"))
        __asm__ volatile("fmv.d.x ft0, %1\n\t.insn r 0x53, 7, 0x21, ft2, ft0, f0\n\tfmv.x.d %0, ft2"
                         : "=r"(r) : "r"(b) : "ft0", "ft2");
    else if (!strcmp(insn, "fcvt.d.w"))
        __asm__ volatile(".insn r 0x53, 7, 0x69, ft2, %1, x0\n\tfmv.x.d %0, ft2"
                         : "=r"(r) : "r"(a) : "ft2");
    else if (!strcmp(insn, "fmin.d"))     /* no rounding mode: must not trap */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfmin.d ft2, ft0, ft1\n\tfmv.x.d %0, ft2"
                         : "=r"(r) : "r"(a), "r"(b) : "ft0", "ft1", "ft2");
    else {
        fprintf(stderr, "fporacle: unknown instruction %s\n", insn);
        return 2;
    }
    printf("no trap: %016llx\n", (unsigned long long)r);
    return 0;
}

static int illegal_static(int rm)
{
    u64 a = 0x3ff8000000000000ULL, r = 0;
    printf("fadd.d with static rm %d\n", rm);
    fflush(stdout);
    if (rm == 5)
        __asm__ volatile("fmv.d.x ft0, %1\n\t.insn r 0x53, 5, 1, ft2, ft0, ft0\n\tfmv.x.d %0, ft2"
                         : "=r"(r) : "r"(a) : "ft0", "ft2");
    else
        __asm__ volatile("fmv.d.x ft0, %1\n\t.insn r 0x53, 6, 1, ft2, ft0, ft0\n\tfmv.x.d %0, ft2"
                         : "=r"(r) : "r"(a) : "ft0", "ft2");
    printf("no trap: %016llx\n", (unsigned long long)r);
    return 0;
}

static void dump_vec(u64 i, const vec *v)
{
    printf("vector %llu\n", (unsigned long long)i);
    printf("  d %016llx %016llx %016llx\n", (unsigned long long)v->d[0],
           (unsigned long long)v->d[1], (unsigned long long)v->d[2]);
    printf("  s %016llx %016llx %016llx\n", (unsigned long long)v->s[0],
           (unsigned long long)v->s[1], (unsigned long long)v->s[2]);
    printf("  x %016llx\n", (unsigned long long)v->x);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "illegal-dyn") && argc == 4)
        return illegal_dyn(atoi(argv[2]), argv[3]);
    if (argc >= 2 && !strcmp(argv[1], "illegal-static") && argc == 3)
        return illegal_static(atoi(argv[2]));
    if (argc >= 2 && !strcmp(argv[1], "dump")) {
        if (argc != 5) {
            fprintf(stderr, "usage: fporacle dump SEED FIRST COUNT\n");
            return 2;
        }
        u64 seed = strtoull(argv[2], 0, 0), first = strtoull(argv[3], 0, 0);
        u64 count = strtoull(argv[4], 0, 0);
        dumping = 1;
        for (u64 i = first; i < first + count; i++) {
            vec v;
            gen(seed, i, &v);
            dump_vec(i, &v);
            H = FNV0;
            apply_all(&v);
            printf("  digest %016llx\n", (unsigned long long)H);
        }
        return 0;
    }
    u64 seed = argc > 1 ? strtoull(argv[1], 0, 0) : 1;
    u64 count = argc > 2 ? strtoull(argv[2], 0, 0) : 100000;
    u64 first = argc > 3 ? strtoull(argv[3], 0, 0) : 0;
    u64 total = FNV0;
    for (u64 i = first; i < first + count; i++) {
        vec v;
        gen(seed, i, &v);
        H = FNV0;
        apply_all(&v);
        out_hex(H);
        total = (total ^ H) * FNV;
    }
    fwrite(obuf, 1, olen, stdout);
    printf("fporacle: seed %llu, vectors %llu..%llu, %d operations each, %llu operations, digest %016llx\n",
           (unsigned long long)seed, (unsigned long long)first,
           (unsigned long long)(first + count - 1), OPS_PER_VECTOR,
           (unsigned long long)(count * OPS_PER_VECTOR), (unsigned long long)total);
    return 0;
}
