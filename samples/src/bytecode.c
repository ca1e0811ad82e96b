/* bytecode.c - branchy workload: a small stack-machine interpreter with a
 * switch dispatch loop.
 *
 * usage: bytecode [N]
 * Assembles three bytecode programs and runs them:
 *   1. Collatz: total and longest stopping time for all n in 1..N
 *   2. recursive Fibonacci fib(K) with CALL/RET (K derived from N)
 *   3. a modular-exponentiation / gcd loop mixing MUL, DIV and MOD
 * Prints results, executed instruction counts and a checksum. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_N 6000

enum op {
    OP_HALT, OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_DIV,
    OP_MOD, OP_AND, OP_SHR, OP_SHL, OP_DUP, OP_DROP, OP_SWAP, OP_OVER, OP_LT,
    OP_EQ, OP_NOT, OP_JMP, OP_JZ, OP_JNZ, OP_CALL, OP_RET, OP_INC, OP_NOP
};

static const char *op_names[] = {
    "HALT", "PUSH", "LOAD", "STORE", "ADD", "SUB", "MUL", "DIV", "MOD", "AND",
    "SHR", "SHL", "DUP", "DROP", "SWAP", "OVER", "LT", "EQ", "NOT", "JMP",
    "JZ", "JNZ", "CALL", "RET", "INC", "NOP"};

#define NOPS (sizeof op_names / sizeof op_names[0])

typedef struct {
    int64_t code[512];
    int len;
    int64_t labels[32];
    int fix_at[64], fix_label[64], nfix;
} asm_t;

static void emit(asm_t *a, int64_t v) { a->code[a->len++] = v; }
static void emit2(asm_t *a, enum op o, int64_t arg) { emit(a, o); emit(a, arg); }
static void label(asm_t *a, int l) { a->labels[l] = a->len; }
static void jump(asm_t *a, enum op o, int l)
{
    emit(a, o);
    a->fix_at[a->nfix] = a->len;
    a->fix_label[a->nfix++] = l;
    emit(a, -1);
}
static void asm_link(asm_t *a)
{
    for (int i = 0; i < a->nfix; i++)
        a->code[a->fix_at[i]] = a->labels[a->fix_label[i]];
}

typedef struct {
    int64_t g[16];
    uint64_t executed;
    uint64_t per_op[NOPS];
} vm_t;

static int run(vm_t *vm, const int64_t *code)
{
    int64_t stack[256];
    int64_t rstack[256];
    int sp = 0, rsp = 0, pc = 0;
    uint64_t executed = 0;
    for (;;) {
        int64_t op = code[pc++];
        executed++;
        vm->per_op[op]++;
        switch (op) {
        case OP_HALT:
            vm->executed += executed;
            return sp;
        case OP_PUSH: stack[sp++] = code[pc++]; break;
        case OP_LOAD: stack[sp++] = vm->g[code[pc++]]; break;
        case OP_STORE: vm->g[code[pc++]] = stack[--sp]; break;
        case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case OP_DIV: sp--; stack[sp - 1] /= stack[sp]; break;
        case OP_MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case OP_AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case OP_SHR: sp--; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] >> stack[sp]); break;
        case OP_SHL: sp--; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] << stack[sp]); break;
        case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OP_DROP: sp--; break;
        case OP_SWAP: {
            int64_t t = stack[sp - 1];
            stack[sp - 1] = stack[sp - 2];
            stack[sp - 2] = t;
            break;
        }
        case OP_OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case OP_LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case OP_EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case OP_NOT: stack[sp - 1] = !stack[sp - 1]; break;
        case OP_JMP: pc = (int)code[pc]; break;
        case OP_JZ: pc = stack[--sp] == 0 ? (int)code[pc] : pc + 1; break;
        case OP_JNZ: pc = stack[--sp] != 0 ? (int)code[pc] : pc + 1; break;
        case OP_CALL: rstack[rsp++] = pc + 1; pc = (int)code[pc]; break;
        case OP_RET: pc = (int)rstack[--rsp]; break;
        case OP_INC: vm->g[code[pc++]]++; break;
        case OP_NOP: break;
        default:
            printf("bad opcode %lld at %d\n", (long long)op, pc - 1);
            exit(1);
        }
        if (sp < 0 || sp > 250 || rsp > 250) {
            printf("stack fault at pc %d\n", pc);
            exit(1);
        }
    }
}

/* g0 = N, g1 = n, g2 = x, g3 = steps, g4 = total, g5 = best, g6 = arg */
static void asm_collatz(asm_t *a)
{
    enum { L_OUTER, L_INNER, L_ODD, L_NEXT, L_DONE, L_NOBEST };
    emit2(a, OP_PUSH, 1); emit2(a, OP_STORE, 1);
    label(a, L_OUTER);
    emit2(a, OP_LOAD, 0); emit2(a, OP_LOAD, 1); emit(a, OP_LT);   /* N < n ? */
    jump(a, OP_JNZ, L_DONE);
    emit2(a, OP_LOAD, 1); emit2(a, OP_STORE, 2);
    emit2(a, OP_PUSH, 0); emit2(a, OP_STORE, 3);
    label(a, L_INNER);
    emit2(a, OP_LOAD, 2); emit2(a, OP_PUSH, 1); emit(a, OP_EQ);
    jump(a, OP_JNZ, L_NEXT);
    emit2(a, OP_INC, 3);
    emit2(a, OP_LOAD, 2); emit2(a, OP_PUSH, 1); emit(a, OP_AND);
    jump(a, OP_JNZ, L_ODD);
    emit2(a, OP_LOAD, 2); emit2(a, OP_PUSH, 1); emit(a, OP_SHR);
    emit2(a, OP_STORE, 2);
    jump(a, OP_JMP, L_INNER);
    label(a, L_ODD);
    emit2(a, OP_LOAD, 2); emit(a, OP_DUP); emit(a, OP_DUP); emit(a, OP_ADD);
    emit(a, OP_ADD); emit2(a, OP_PUSH, 1); emit(a, OP_ADD); emit2(a, OP_STORE, 2);
    jump(a, OP_JMP, L_INNER);
    label(a, L_NEXT);
    emit2(a, OP_LOAD, 4); emit2(a, OP_LOAD, 3); emit(a, OP_ADD); emit2(a, OP_STORE, 4);
    emit2(a, OP_LOAD, 5); emit2(a, OP_LOAD, 3); emit(a, OP_LT);
    jump(a, OP_JZ, L_NOBEST);
    emit2(a, OP_LOAD, 3); emit2(a, OP_STORE, 5);
    emit2(a, OP_LOAD, 1); emit2(a, OP_STORE, 6);
    label(a, L_NOBEST);
    emit2(a, OP_INC, 1);
    jump(a, OP_JMP, L_OUTER);
    label(a, L_DONE);
    emit(a, OP_HALT);
    asm_link(a);
}

/* main: push g0, call fib, store g1.  fib(n): n<2 ? n : fib(n-1)+fib(n-2) */
static void asm_fib(asm_t *a)
{
    enum { L_FIB, L_REC };
    emit2(a, OP_LOAD, 0);
    jump(a, OP_CALL, L_FIB);
    emit2(a, OP_STORE, 1);
    emit(a, OP_HALT);
    label(a, L_FIB);
    emit(a, OP_DUP); emit2(a, OP_PUSH, 2); emit(a, OP_LT);
    jump(a, OP_JZ, L_REC);
    emit(a, OP_RET);
    label(a, L_REC);
    emit(a, OP_DUP); emit2(a, OP_PUSH, 1); emit(a, OP_SUB);
    jump(a, OP_CALL, L_FIB);
    emit(a, OP_SWAP); emit2(a, OP_PUSH, 2); emit(a, OP_SUB);
    jump(a, OP_CALL, L_FIB);
    emit(a, OP_ADD);
    emit(a, OP_RET);
    asm_link(a);
}

/* for i in 1..g0: acc = (acc * 31 + powmod(i, 65537, 1000003) + gcd(i, 360360)) % 2^31
 * g0 = count, g1 = i, g2 = acc, g3 = base, g4 = exp, g5 = result, g6 = a, g7 = b */
static void asm_modexp(asm_t *a)
{
    enum { L_LOOP, L_POW, L_POWSKIP, L_POWDONE, L_GCD, L_GCDDONE, L_END };
    emit2(a, OP_PUSH, 1); emit2(a, OP_STORE, 1);
    label(a, L_LOOP);
    emit2(a, OP_LOAD, 0); emit2(a, OP_LOAD, 1); emit(a, OP_LT);
    jump(a, OP_JNZ, L_END);
    /* powmod */
    emit2(a, OP_LOAD, 1); emit2(a, OP_STORE, 3);
    emit2(a, OP_PUSH, 65537); emit2(a, OP_STORE, 4);
    emit2(a, OP_PUSH, 1); emit2(a, OP_STORE, 5);
    label(a, L_POW);
    emit2(a, OP_LOAD, 4);
    jump(a, OP_JZ, L_POWDONE);
    emit2(a, OP_LOAD, 4); emit2(a, OP_PUSH, 1); emit(a, OP_AND);
    jump(a, OP_JZ, L_POWSKIP);
    emit2(a, OP_LOAD, 5); emit2(a, OP_LOAD, 3); emit(a, OP_MUL);
    emit2(a, OP_PUSH, 1000003); emit(a, OP_MOD); emit2(a, OP_STORE, 5);
    label(a, L_POWSKIP);
    emit2(a, OP_LOAD, 3); emit(a, OP_DUP); emit(a, OP_MUL);
    emit2(a, OP_PUSH, 1000003); emit(a, OP_MOD); emit2(a, OP_STORE, 3);
    emit2(a, OP_LOAD, 4); emit2(a, OP_PUSH, 1); emit(a, OP_SHR); emit2(a, OP_STORE, 4);
    jump(a, OP_JMP, L_POW);
    label(a, L_POWDONE);
    /* gcd(i, 360360) */
    emit2(a, OP_LOAD, 1); emit2(a, OP_STORE, 6);
    emit2(a, OP_PUSH, 360360); emit2(a, OP_STORE, 7);
    label(a, L_GCD);
    emit2(a, OP_LOAD, 7);
    jump(a, OP_JZ, L_GCDDONE);
    emit2(a, OP_LOAD, 6); emit2(a, OP_LOAD, 7); emit(a, OP_MOD);
    emit2(a, OP_LOAD, 7); emit2(a, OP_STORE, 6); emit2(a, OP_STORE, 7);
    jump(a, OP_JMP, L_GCD);
    label(a, L_GCDDONE);
    /* acc = (acc*31 + result + a) mod 2^31, via AND and a DIV for good measure */
    emit2(a, OP_LOAD, 2); emit2(a, OP_PUSH, 31); emit(a, OP_MUL);
    emit2(a, OP_LOAD, 5); emit(a, OP_ADD);
    emit2(a, OP_LOAD, 6); emit(a, OP_ADD);
    emit2(a, OP_PUSH, 0x7FFFFFFF); emit(a, OP_AND);
    emit(a, OP_DUP); emit2(a, OP_PUSH, 7); emit(a, OP_DIV); emit(a, OP_DROP);
    emit2(a, OP_STORE, 2);
    emit2(a, OP_INC, 1);
    jump(a, OP_JMP, L_LOOP);
    label(a, L_END);
    emit(a, OP_HALT);
    asm_link(a);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : DEFAULT_N;
    if (n < 1)
        n = 1;
    static vm_t vm;
    static asm_t p1, p2, p3;
    asm_collatz(&p1);
    asm_fib(&p2);
    asm_modexp(&p3);
    printf("program sizes: %d %d %d words\n", p1.len, p2.len, p3.len);

    vm.g[0] = n;
    run(&vm, p1.code);
    printf("collatz 1..%ld: total steps %lld, longest %lld at n=%lld\n", n,
           (long long)vm.g[4], (long long)vm.g[5], (long long)vm.g[6]);
    uint64_t after1 = vm.executed;

    long k = 20; /* fib argument grows with log2(N / 1000), capped at 30 */
    for (long t = n; t >= 1000 && k < 30; t /= 2)
        k++;
    for (int i = 0; i < 16; i++)
        vm.g[i] = 0;
    vm.g[0] = k;
    run(&vm, p2.code);
    printf("fib(%ld) = %lld\n", k, (long long)vm.g[1]);
    uint64_t after2 = vm.executed;

    for (int i = 0; i < 16; i++)
        vm.g[i] = 0;
    vm.g[0] = n / 2;
    run(&vm, p3.code);
    printf("modexp/gcd 1..%ld: acc %lld\n", n / 2, (long long)vm.g[2]);

    printf("executed: %llu + %llu + %llu = %llu instructions\n",
           (unsigned long long)after1, (unsigned long long)(after2 - after1),
           (unsigned long long)(vm.executed - after2),
           (unsigned long long)vm.executed);
    uint64_t h = 0xCBF29CE484222325ULL;
    for (size_t i = 0; i < NOPS; i++) {
        h = (h ^ vm.per_op[i]) * 0x100000001B3ULL;
        if (vm.per_op[i])
            printf("  %-5s %llu\n", op_names[i], (unsigned long long)vm.per_op[i]);
    }
    printf("checksum: %016llx\n", (unsigned long long)h);
    return 0;
}
