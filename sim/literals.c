/* literals.c - Finding integer literals libconfig 1.5 misreads (see literals.h).
 * Scanning the text, not re-reading one line per setting, also covers a value
 * on the line after its name, array elements and occupation rows. The scanner
 * follows groups, lists and arrays only to name the setting in its message. */
#include "literals.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"

enum { SCAN_DEPTH_MAX = 32, SCAN_NAME_MAX = 64, SCAN_CANDIDATES = 16 };

typedef struct LiteralScan {
    char name[SCAN_DEPTH_MAX][SCAN_NAME_MAX]; /* enclosing groups, lists and arrays */
    int count[SCAN_DEPTH_MAX];                /* elements seen in each, to name "[k]" */
    int depth;
    char pending[SCAN_NAME_MAX]; /* the name before `=` whose value comes next */
    const SourceText *src;       /* names lines as "file:line"; NULL for --set */
    /* literals_duplicate: the keys set on line `dup_line` (pass 1), then the first
     * earlier setting of one of them (pass 2) */
    unsigned dup_line;
    int pass;
    long names;                             /* settings seen so far */
    char cand[SCAN_CANDIDATES][512];        /* keys set on dup_line */
    long cand_at[SCAN_CANDIDATES];          /* their ordinals among the settings */
    bool cand_dotted[SCAN_CANDIDATES];      /* written as `group.key = ...` */
    int n_cand;
    unsigned found_line[SCAN_CANDIDATES];   /* line of the first earlier setting, or 0 */
    char found_key[SCAN_CANDIDATES][512];
} LiteralScan;

/* Name of the value that starts now: the pending name, or "[k]" inside a list. */
static void scan_element(const LiteralScan *sc, char *buf, size_t size)
{
    if (sc->pending[0] != '\0')
        snprintf(buf, size, "%s", sc->pending);
    else if (sc->depth > 0 && sc->depth <= SCAN_DEPTH_MAX)
        snprintf(buf, size, "[%d]", sc->count[sc->depth - 1]);
    else
        snprintf(buf, size, "?");
}

static void scan_key(const LiteralScan *sc, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    int n = sc->depth < SCAN_DEPTH_MAX ? sc->depth : SCAN_DEPTH_MAX;
    for (int i = 0; i < n && o < size; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s.", sc->name[i]);
    if (o < size)
        scan_element(sc, buf + o, size - o);
}

/* Checks one integer literal [s, end) (sign included, `L` suffix excluded). */
static SimStatus scan_check_integer(const LiteralScan *sc, unsigned line,
                                    const char *s, const char *end, bool has_l, bool hex,
                                    SimError *err)
{
    char digits[128], loc[PARAM_ORIGIN_MAX], key[512];
    snprintf(digits, sizeof digits, "%.*s", (int)(end - s), s);
    errno = 0;
    bool fits, fits64;
    if (hex) {
        unsigned long long u = strtoull(digits, NULL, 16);
        fits64 = errno != ERANGE && u <= (unsigned long long)INT64_MAX;
        fits = fits64 && (has_l || u <= INT32_MAX);
    } else {
        long long v = strtoll(digits, NULL, 10);
        fits64 = errno != ERANGE;
        fits = fits64 && (has_l || (v >= INT32_MIN && v <= INT32_MAX));
    }
    if (fits)
        return SIM_OK;
    if (sc->src == NULL)
        snprintf(loc, sizeof loc, "--set");
    else
        source_where(sc->src, line, loc, sizeof loc);
    scan_key(sc, key, sizeof key);
    if (has_l || !fits64)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%s: %s = %s%s does not fit in a 64-bit integer (the largest is "
                        "9223372036854775807), and libconfig would not read it as written",
                        loc, key, digits, has_l && sc->src != NULL ? "L" : "");
    return sim_fail(err, SIM_ERR_CONFIG,
                    "%s: %s = %s does not fit in a 32-bit integer, and libconfig would silently "
                    "wrap it; write %sL for a 64-bit integer%s%s%s",
                    loc, key, digits, digits, hex ? "" : " or ", hex ? "" : digits,
                    hex ? "" : ".0 for a real number");
}

/* literals_duplicate: notes the setting just named on `line` (pass 1: a key of
 * the error line; pass 2: an earlier setting of one of them). Returns true to
 * stop the scan. */
static bool scan_note_name(LiteralScan *sc, unsigned line)
{
    char key[512];
    scan_key(sc, key, sizeof key);
    long at = sc->names++;
    if (sc->pass == 1) {
        if (line == sc->dup_line && sc->n_cand < SCAN_CANDIDATES) {
            snprintf(sc->cand[sc->n_cand], sizeof sc->cand[0], "%s", key);
            sc->cand_dotted[sc->n_cand] = strchr(sc->pending, '.') != NULL;
            sc->cand_at[sc->n_cand++] = at;
        }
        return line > sc->dup_line;
    }
    size_t nk = strlen(key);
    for (int k = 0; k < sc->n_cand; k++) {
        const char *a = sc->cand[k];
        /* the same key, or the group that a dotted key names again ("money.stock", "money") */
        bool same = strcmp(a, key) == 0 ||
                    (sc->cand_dotted[k] && strncmp(a, key, nk) == 0 && a[nk] == '.');
        if (same && at < sc->cand_at[k] && sc->found_line[k] == 0) {
            sc->found_line[k] = line;
            snprintf(sc->found_key[k], sizeof sc->found_key[k], "%s", key);
        }
    }
    return at >= sc->cand_at[sc->n_cand - 1];
}

/* Skips the comment or string that starts at c, counting its line breaks into
 * *line; returns where the scan goes on. */
static const char *skip_comment_or_string(const char *c, unsigned *line)
{
    if (*c == '#' || (c[0] == '/' && c[1] == '/'))
        return c + strcspn(c, "\n");
    if (c[0] == '/' && c[1] == '*') {
        const char *close = strstr(c + 2, "*/");
        const char *stop = close ? close + 2 : c + strlen(c);
        for (; c < stop; c++)
            *line += *c == '\n';
        return c;
    }
    for (c++; *c && *c != '"'; c++) { /* a string */
        if (*c == '\\' && c[1] != '\0')
            c++;
        *line += *c == '\n';
    }
    return *c ? c + 1 : c;
}

/* Reads the name that starts at c; before `=` or `:` it becomes the pending
 * name (and, for literals_duplicate, is noted: *stop is set to end the scan). */
static const char *scan_name(LiteralScan *sc, const char *c, unsigned line, bool *stop)
{
    const char *s = c;
    /* a '.' is no part of a name, but `money.stock = 1;` is a mistake to name whole */
    while (isalnum((unsigned char)*c) || *c == '-' || *c == '_' || *c == '*' ||
           (*c == '.' && (isalpha((unsigned char)c[1]) || c[1] == '*')))
        c++;
    const char *q = c + strspn(c, " \t\r\n");
    if (*q == '=' || *q == ':') {
        snprintf(sc->pending, sizeof sc->pending, "%.*s", (int)(c - s), s);
        *stop = sc->dup_line != 0 && scan_note_name(sc, line);
    }
    return c;
}

/* Reads the number that starts at c (a sign or a dot may start one) and checks
 * an integer literal (not for literals_duplicate); returns where the scan goes on. */
static const char *scan_number(LiteralScan *sc, const char *c, unsigned line, SimStatus *st,
                               SimError *err)
{
    const char *s = c;
    if (*c == '-' || *c == '+')
        c++;
    bool hex = c[0] == '0' && (c[1] == 'x' || c[1] == 'X');
    bool real = false;
    if (hex) {
        for (c += 2; isxdigit((unsigned char)*c);)
            c++;
    } else {
        while (isdigit((unsigned char)*c))
            c++;
        if (*c == '.') {
            real = true;
            for (c++; isdigit((unsigned char)*c);)
                c++;
        }
        if (*c == 'e' || *c == 'E') {
            real = true;
            c += 1 + (c[1] == '+' || c[1] == '-');
            while (isdigit((unsigned char)*c))
                c++;
        }
    }
    const char *end = c;
    bool has_l = *c == 'L';
    while (*c == 'L')
        c++;
    if (end == s)
        c++; /* a lone sign or dot: not a number */
    else if (!real && sc->dup_line == 0)
        *st = scan_check_integer(sc, line, s, end, has_l, hex, err);
    sc->pending[0] = '\0';
    return c;
}

/* Scans `text` for integer literals libconfig misreads (or, with dup_line, for
 * the keys of literals_duplicate). The text has already parsed without error. */
static SimStatus scan_literals(LiteralScan *sc, const char *text, SimError *err)
{
    unsigned line = 1;
    const char *c = text;
    while (*c) {
        SimStatus st = SIM_OK;
        bool stop = false;
        if (*c == '\n') {
            line++;
            c++;
        } else if (*c == ' ' || *c == '\t' || *c == '\r') {
            c++;
        } else if (*c == '#' || *c == '"' || (c[0] == '/' && (c[1] == '/' || c[1] == '*'))) {
            c = skip_comment_or_string(c, &line);
        } else if (isalpha((unsigned char)*c) || *c == '*') {
            c = scan_name(sc, c, line, &stop);
        } else if (*c == '{' || *c == '(' || *c == '[') {
            if (sc->depth < SCAN_DEPTH_MAX) {
                scan_element(sc, sc->name[sc->depth], sizeof sc->name[sc->depth]);
                sc->count[sc->depth] = 0;
            }
            sc->depth++;
            sc->pending[0] = '\0';
            c++;
        } else if (*c == '}' || *c == ')' || *c == ']') {
            if (sc->depth > 0)
                sc->depth--;
            sc->pending[0] = '\0';
            c++;
        } else if (*c == ',' || *c == ';') {
            if (*c == ',' && sc->depth > 0 && sc->depth <= SCAN_DEPTH_MAX)
                sc->count[sc->depth - 1]++;
            sc->pending[0] = '\0';
            c++;
        } else if (isdigit((unsigned char)*c) || *c == '.' || *c == '-' || *c == '+') {
            c = scan_number(sc, c, line, &st, err);
        } else {
            c++;
        }
        if (st != SIM_OK)
            return st;
        if (stop)
            return SIM_OK;
    }
    return SIM_OK;
}

SimStatus literals_check(const char *text, const SourceText *src, SimError *err)
{
    LiteralScan scan = {.src = src};
    return scan_literals(&scan, text, err);
}

bool literals_duplicate(const char *text, unsigned line, char *key, size_t key_size,
                        char *first_key, size_t first_size, unsigned *first_line)
{
    LiteralScan *scan = calloc(1, sizeof *scan);
    if (scan == NULL)
        return false;
    scan->dup_line = line;
    scan->pass = 1;
    (void)scan_literals(scan, text, NULL);
    bool found = false;
    if (scan->n_cand > 0 && line > 0) {
        /* pass 2 starts from a clean scanner state, keeping the candidates */
        LiteralScan *again = calloc(1, sizeof *again);
        if (again != NULL) {
            again->dup_line = line;
            again->pass = 2;
            again->n_cand = scan->n_cand;
            memcpy(again->cand, scan->cand, sizeof again->cand);
            memcpy(again->cand_at, scan->cand_at, sizeof again->cand_at);
            memcpy(again->cand_dotted, scan->cand_dotted, sizeof again->cand_dotted);
            (void)scan_literals(again, text, NULL);
            /* libconfig stops at the first repeated key of the line */
            for (int k = 0; k < again->n_cand && !found; k++)
                if (again->found_line[k] != 0) {
                    snprintf(key, key_size, "%s", again->cand[k]);
                    snprintf(first_key, first_size, "%s", again->found_key[k]);
                    *first_line = again->found_line[k];
                    found = true;
                }
            free(again);
        }
    }
    free(scan);
    return found;
}
