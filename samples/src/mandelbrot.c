/* mandelbrot.c - floating point workload: Mandelbrot escape counts.
 *
 * usage: mandelbrot [SIZE]
 * Computes escape counts on a SIZE x SIZE grid in double precision and on a
 * (SIZE/2) x (SIZE/2) grid in single precision (float), checksums the
 * counts, prints a tiny ASCII preview, and exercises a few float/double
 * conversions and fma(). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_SIZE 300
#define MAX_ITER 200

static int escape_d(double cr, double ci)
{
    double zr = 0, zi = 0;
    int n = 0;
    while (n < MAX_ITER) {
        double zr2 = zr * zr, zi2 = zi * zi;
        if (zr2 + zi2 > 4.0)
            break;
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        n++;
    }
    return n;
}

static int escape_f(float cr, float ci)
{
    float zr = 0, zi = 0;
    int n = 0;
    while (n < MAX_ITER) {
        float zr2 = zr * zr, zi2 = zi * zi;
        if (zr2 + zi2 > 4.0f)
            break;
        zi = 2.0f * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        n++;
    }
    return n;
}

int main(int argc, char **argv)
{
    long size = argc > 1 ? strtol(argv[1], NULL, 10) : DEFAULT_SIZE;
    if (size < 8)
        size = 8;

    uint64_t hash = 0xCBF29CE484222325ULL;
    long inside = 0, total_iter = 0;
    for (long y = 0; y < size; y++) {
        double ci = -1.25 + 2.5 * (double)y / (double)size;
        for (long x = 0; x < size; x++) {
            double cr = -2.0 + 2.5 * (double)x / (double)size;
            int n = escape_d(cr, ci);
            total_iter += n;
            if (n == MAX_ITER)
                inside++;
            hash = (hash ^ (uint64_t)n) * 0x100000001B3ULL;
        }
    }
    printf("double grid %ldx%ld: inside %ld, iterations %ld\n", size, size,
           inside, total_iter);
    printf("double checksum: %016llx\n", (unsigned long long)hash);
    printf("area estimate: %.6f\n", 2.5 * 2.5 * (double)inside / (double)(size * size));

    long fsize = size / 2;
    uint32_t fhash = 2166136261u;
    long finside = 0;
    float fsum = 0.0f;
    for (long y = 0; y < fsize; y++) {
        float ci = -1.25f + 2.5f * (float)y / (float)fsize;
        for (long x = 0; x < fsize; x++) {
            float cr = -2.0f + 2.5f * (float)x / (float)fsize;
            int n = escape_f(cr, ci);
            if (n == MAX_ITER)
                finside++;
            fsum += (float)n / (float)MAX_ITER;
            fhash = (fhash ^ (uint32_t)n) * 16777619u;
        }
    }
    printf("float grid %ldx%ld: inside %ld, normalized sum %.3f\n", fsize, fsize,
           finside, (double)fsum);
    printf("float checksum: %08x\n", (unsigned)fhash);

    /* ASCII preview, 40x16, double precision */
    const char *shade = " .:-=+*#%@";
    for (int y = 0; y < 16; y++) {
        char row[41];
        for (int x = 0; x < 40; x++) {
            int n = escape_d(-2.0 + 2.5 * x / 40.0, -1.25 + 2.5 * y / 16.0);
            row[x] = n == MAX_ITER ? '@' : shade[n * 9 / MAX_ITER];
        }
        row[40] = '\0';
        printf("|%s|\n", row);
    }

    /* conversions, rounding and fma */
    double vals[] = {2.5, -2.5, 3.7, -3.7, 1e10, -0.0, 123456.789};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double v = vals[i];
        printf("v=%.3f (long)v=%ld lround=%ld floor=%.1f ceil=%.1f (float)v=%.3f\n",
               v, (long)v, lround(v), floor(v), ceil(v), (double)(float)v);
    }
    volatile double a = 0.1, b = 10.0, c = -1.0;
    printf("fma(0.1,10,-1) = %.6e, 0.1*10-1 = %.6e\n", fma(a, b, c), a * b + c);
    volatile float fa = 1.0f / 3.0f;
    printf("float 1/3 = %.9f, sqrtf(2) = %.7f, double 1/3 = %.17f\n", (double)fa,
           (double)sqrtf(2.0f), 1.0 / 3.0);
    return 0;
}
