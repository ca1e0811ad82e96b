/* qsort.c - integer workload: sorting.
 *
 * usage: qsort [N]
 * A xorshift64* PRNG fills an array of N 32-bit keys (plus 64-bit records);
 * the array is sorted with a hand-written quicksort (median of three,
 * insertion sort for small ranges) and a copy with libc qsort().  Both
 * results are verified and compared, then checksummed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_N 300000

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

static void insertion(int32_t *a, long lo, long hi)
{
    for (long i = lo + 1; i <= hi; i++) {
        int32_t v = a[i];
        long j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void swap(int32_t *a, long i, long j)
{
    int32_t t = a[i];
    a[i] = a[j];
    a[j] = t;
}

static long depth_max;

static void quicksort(int32_t *a, long lo, long hi, long depth)
{
    while (hi - lo > 16) {
        if (depth > depth_max)
            depth_max = depth;
        long mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) swap(a, mid, lo);
        if (a[hi] < a[lo]) swap(a, hi, lo);
        if (a[hi] < a[mid]) swap(a, hi, mid);
        int32_t pivot = a[mid];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                swap(a, i, j);
                i++;
                j--;
            }
        }
        /* recurse into the smaller half, loop on the larger one */
        if (j - lo < hi - i) {
            quicksort(a, lo, j, depth + 1);
            lo = i;
        } else {
            quicksort(a, i, hi, depth + 1);
            hi = j;
        }
        depth++;
    }
    insertion(a, lo, hi);
}

static int cmp_i32(const void *pa, const void *pb)
{
    int32_t a = *(const int32_t *)pa, b = *(const int32_t *)pb;
    return (a > b) - (a < b);
}

typedef struct {
    uint64_t key;
    uint32_t id;
} record;

static int cmp_record(const void *pa, const void *pb)
{
    const record *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : DEFAULT_N;
    if (n < 2)
        n = 2;
    int32_t *a = malloc((size_t)n * sizeof *a);
    int32_t *b = malloc((size_t)n * sizeof *b);
    long nrec = n / 8 + 1;
    record *r = malloc((size_t)nrec * sizeof *r);
    if (!a || !b || !r) {
        puts("out of memory");
        return 1;
    }
    for (long i = 0; i < n; i++) {
        /* some duplicates: keys limited to a range of ~n values */
        a[i] = (int32_t)(rng() % (uint64_t)(n + 1)) - (int32_t)(n / 2);
    }
    memcpy(b, a, (size_t)n * sizeof *a);
    for (long i = 0; i < nrec; i++) {
        r[i].key = rng() >> 40;
        r[i].id = (uint32_t)i;
    }

    quicksort(a, 0, n - 1, 0);
    qsort(b, (size_t)n, sizeof *b, cmp_i32);
    qsort(r, (size_t)nrec, sizeof *r, cmp_record);

    long bad = 0;
    for (long i = 1; i < n; i++)
        if (a[i - 1] > a[i])
            bad++;
    for (long i = 1; i < nrec; i++)
        if (cmp_record(&r[i - 1], &r[i]) > 0)
            bad++;
    int same = memcmp(a, b, (size_t)n * sizeof *a) == 0;

    uint64_t sum = 0, h = 0;
    long distinct = 1;
    for (long i = 0; i < n; i++) {
        sum += (uint64_t)(int64_t)a[i];
        h = (h ^ (uint32_t)a[i]) * 0x100000001B3ULL;
        if (i > 0 && a[i] != a[i - 1])
            distinct++;
    }
    for (long i = 0; i < nrec; i++)
        h = (h ^ r[i].id) * 0x100000001B3ULL;

    printf("n: %ld, records: %ld\n", n, nrec);
    printf("min %d, median %d, max %d, distinct %ld\n", a[0], a[n / 2],
           a[n - 1], distinct);
    printf("unsorted pairs: %ld\n", bad);
    printf("quicksort == libc qsort: %s\n", same ? "yes" : "no");
    printf("max recursion depth: %ld\n", depth_max);
    printf("sum: %lld\n", (long long)sum);
    printf("checksum: %016llx\n", (unsigned long long)h);
    free(a);
    free(b);
    free(r);
    return 0;
}
