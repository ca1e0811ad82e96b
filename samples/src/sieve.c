/* sieve.c - integer workload: sieve of Eratosthenes, repeated.
 *
 * usage: sieve [LIMIT]
 * Runs a byte-array sieve up to LIMIT several times (with a slightly
 * different limit each pass), plus one bit-packed sieve, and counts primes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_LIMIT 2000000
#define PASSES 6

static long sieve_bytes(unsigned char *comp, long limit, uint64_t *hash)
{
    memset(comp, 0, (size_t)limit + 1);
    comp[0] = comp[1] = 1;
    for (long i = 2; i * i <= limit; i++)
        if (!comp[i])
            for (long j = i * i; j <= limit; j += i)
                comp[j] = 1;
    long count = 0;
    uint64_t h = *hash;
    for (long i = 2; i <= limit; i++)
        if (!comp[i]) {
            count++;
            h = (h ^ (uint64_t)i) * 0x100000001B3ULL;
        }
    *hash = h;
    return count;
}

/* odd-only bit sieve: bit k represents 2k+1 */
static long sieve_bits(long limit, long *largest)
{
    long nbits = (limit - 1) / 2 + 1;
    uint64_t *bits = calloc((size_t)(nbits + 63) / 64, sizeof *bits);
    if (!bits)
        return -1;
    for (long i = 3; i * i <= limit; i += 2)
        if (!(bits[i / 2 / 64] >> (i / 2 % 64) & 1))
            for (long j = i * i; j <= limit; j += 2 * i)
                bits[j / 2 / 64] |= 1ULL << (j / 2 % 64);
    long count = limit >= 2 ? 1 : 0;
    *largest = limit >= 2 ? 2 : 0;
    for (long k = 1; k < nbits; k++)
        if (!(bits[k / 64] >> (k % 64) & 1)) {
            count++;
            *largest = 2 * k + 1;
        }
    free(bits);
    return count;
}

int main(int argc, char **argv)
{
    long limit = argc > 1 ? strtol(argv[1], NULL, 10) : DEFAULT_LIMIT;
    if (limit < 10)
        limit = 10;
    unsigned char *comp = malloc((size_t)limit + 1);
    if (!comp) {
        puts("out of memory");
        return 1;
    }
    uint64_t hash = 0xCBF29CE484222325ULL;
    long total = 0;
    for (int p = 0; p < PASSES; p++) {
        long lim = limit - p * 1000;
        long c = sieve_bytes(comp, lim, &hash);
        printf("pass %d: pi(%ld) = %ld\n", p, lim, c);
        total += c;
    }
    long largest = 0;
    long cb = sieve_bits(limit, &largest);
    printf("bit sieve: pi(%ld) = %ld, largest prime %ld\n", limit, cb, largest);
    /* twin primes from the last byte sieve */
    long twins = 0;
    long lim = limit - (PASSES - 1) * 1000;
    for (long i = 3; i + 2 <= lim; i += 2)
        if (!comp[i] && !comp[i + 2])
            twins++;
    printf("twin prime pairs <= %ld: %ld\n", lim, twins);
    printf("total: %ld\n", total);
    printf("checksum: %016llx\n", (unsigned long long)hash);
    free(comp);
    return 0;
}
