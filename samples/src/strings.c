/* strings.c - memory/string workload.
 *
 * usage: strings [ROUNDS]
 * Each round: builds a large text buffer with snprintf, shuffles it with
 * memcpy/memmove (overlapping both ways) and memset, scans it with strlen,
 * strchr, strstr and strcmp, then inserts/looks up/deletes words in a
 * chained hash table of malloc'd strings.  Prints per-phase checksums. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ROUNDS 3
#define BUF_SIZE (256 * 1024)
#define NBUCKETS 4096

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001B3ULL;
    return h;
}

typedef struct entry {
    struct entry *next;
    char *key;
    long count;
} entry;

static entry *table[NBUCKETS];
static long live_entries;

static unsigned bucket(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h % NBUCKETS;
}

static void insert(const char *key)
{
    unsigned b = bucket(key);
    for (entry *e = table[b]; e; e = e->next)
        if (strcmp(e->key, key) == 0) {
            e->count++;
            return;
        }
    entry *e = malloc(sizeof *e);
    size_t len = strlen(key);
    e->key = malloc(len + 1);
    memcpy(e->key, key, len + 1);
    e->count = 1;
    e->next = table[b];
    table[b] = e;
    live_entries++;
}

static long lookup(const char *key)
{
    for (entry *e = table[bucket(key)]; e; e = e->next)
        if (strcmp(e->key, key) == 0)
            return e->count;
    return 0;
}

static int remove_key(const char *key)
{
    entry **pp = &table[bucket(key)];
    for (entry *e = *pp; e; pp = &e->next, e = e->next)
        if (strcmp(e->key, key) == 0) {
            *pp = e->next;
            free(e->key);
            free(e);
            live_entries--;
            return 1;
        }
    return 0;
}

static void clear_table(void)
{
    for (int i = 0; i < NBUCKETS; i++) {
        entry *e = table[i];
        while (e) {
            entry *n = e->next;
            free(e->key);
            free(e);
            e = n;
        }
        table[i] = NULL;
    }
    live_entries = 0;
}

static const char *syll[] = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi",
                             "ze", "qu", "an", "or", "el", "is", "um", "yx"};

static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* makes a pseudo-random word of 1..4 syllables into w */
static void make_word(char *w)
{
    int n = 1 + (int)(rng() % 4);
    w[0] = '\0';
    for (int i = 0; i < n; i++)
        strcat(w, syll[rng() % 16]);
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : DEFAULT_ROUNDS;
    if (rounds < 1)
        rounds = 1;
    char *buf = malloc(BUF_SIZE);
    char *tmp = malloc(BUF_SIZE);
    if (!buf || !tmp)
        return 1;

    uint64_t h_build = 0xCBF29CE484222325ULL, h_move = h_build, h_scan = h_build,
             h_table = h_build;
    long found_total = 0;
    for (long r = 0; r < rounds; r++) {
        /* build: many snprintf'd records separated by spaces */
        size_t len = 0;
        int rec = 0;
        while (len < BUF_SIZE - 256) {
            char word[16];
            make_word(word);
            int k = snprintf(buf + len, BUF_SIZE - len, "%s#%d:%x/%5.2f ", word,
                             rec, (unsigned)(rec * 2654435761u) >> 20,
                             (double)(rec % 1000) / 7.0);
            len += (size_t)k;
            rec++;
        }
        buf[len] = '\0';
        h_build = fnv(buf, len, h_build);

        /* move: copy, overlapping memmove both directions, memset holes */
        memcpy(tmp, buf, len + 1);
        memmove(tmp + 17, tmp, len / 2);        /* forward overlap */
        memmove(tmp + 3, tmp + 1000, len / 3);  /* backward overlap */
        memset(tmp + len / 4, '_', 4096 + (size_t)r);
        for (size_t off = 0; off + 64 < len; off += 8191)
            memcpy(tmp + off, buf + len - off - 64, 64 - (off % 61));
        h_move = fnv(tmp, len, h_move);

        /* scan: strlen, strchr, strstr, strcmp */
        size_t l = strlen(buf);
        long hashes = 0;
        for (char *p = strchr(buf, '#'); p; p = strchr(p + 1, '#'))
            hashes++;
        long found = 0;
        const char *needles[] = {"kalo", "zequ", "#1000:", "umyx", "not-there"};
        for (int i = 0; i < 5; i++)
            for (const char *p = strstr(buf, needles[i]); p;
                 p = strstr(p + 1, needles[i]))
                found++;
        found_total += found;
        int c1 = strcmp(buf, tmp), c2 = strncmp(buf + 100, buf + 100, 500);
        h_scan = (h_scan ^ (uint64_t)l) * 0x100000001B3ULL;
        h_scan = (h_scan ^ (uint64_t)hashes) * 0x100000001B3ULL;
        h_scan = (h_scan ^ (uint64_t)found) * 0x100000001B3ULL;
        h_scan = (h_scan ^ (uint64_t)((c1 > 0) - (c1 < 0) + 1)) * 0x100000001B3ULL;
        h_scan = (h_scan ^ (uint64_t)(c2 == 0)) * 0x100000001B3ULL;

        /* table: tokenize words (up to '#') and count them */
        char *save = NULL;
        for (char *tok = strtok_r(buf, " ", &save); tok;
             tok = strtok_r(NULL, " ", &save)) {
            char *hash = strchr(tok, '#');
            if (hash)
                *hash = '\0';
            insert(tok);
        }
        long distinct = live_entries;
        long kalo = lookup("kalo"), ka = lookup("ka");
        /* delete every word that appeared exactly once */
        long removed = 0;
        for (int b = 0; b < NBUCKETS; b++) {
            entry *e = table[b];
            while (e) {
                entry *n = e->next;
                if (e->count == 1) {
                    char key[32];
                    snprintf(key, sizeof key, "%s", e->key);
                    removed += remove_key(key);
                }
                e = n;
            }
        }
        h_table = (h_table ^ (uint64_t)distinct) * 0x100000001B3ULL;
        h_table = (h_table ^ (uint64_t)removed) * 0x100000001B3ULL;
        h_table = (h_table ^ (uint64_t)(kalo * 1000 + ka)) * 0x100000001B3ULL;
        if (r == 0 || r == rounds - 1)
            printf("round %ld: %zu bytes, %d records, %ld found, %ld distinct "
                   "words, %ld singletons, kalo=%ld ka=%ld\n",
                   r, l, rec, found, distinct, removed, kalo, ka);
        clear_table();
    }
    printf("rounds: %ld, total found: %ld\n", rounds, found_total);
    printf("build: %016llx\n", (unsigned long long)h_build);
    printf("move:  %016llx\n", (unsigned long long)h_move);
    printf("scan:  %016llx\n", (unsigned long long)h_scan);
    printf("table: %016llx\n", (unsigned long long)h_table);
    free(buf);
    free(tmp);
    return 0;
}
