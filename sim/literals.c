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
#include "params.h"

enum { SCAN_DEPTH_MAX = 32, SCAN_NAME_MAX = 64 };

typedef struct LiteralScan {
    char name[SCAN_DEPTH_MAX][SCAN_NAME_MAX]; /* enclosing groups, lists and arrays */
    int count[SCAN_DEPTH_MAX];                /* elements seen in each, to name "[k]" */
    int depth;
    char pending[SCAN_NAME_MAX]; /* the name before `=` whose value comes next */
    const char *include_dir;     /* where libconfig looks for @include files */
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
static SimStatus scan_check_integer(const LiteralScan *sc, const char *label, unsigned line,
                                    const char *s, const char *end, bool has_l, bool hex,
                                    SimError *err)
{
    char digits[128], loc[PARAM_ORIGIN_MAX], key[512];
    snprintf(digits, sizeof digits, "%.*s", (int)(end - s), s);
    errno = 0;
    bool fits;
    if (hex) {
        unsigned long long u = strtoull(digits, NULL, 16);
        fits = errno != ERANGE && u <= (has_l ? (unsigned long long)INT64_MAX : INT32_MAX);
    } else {
        long long v = strtoll(digits, NULL, 10);
        fits = errno != ERANGE && (has_l || (v >= INT32_MIN && v <= INT32_MAX));
    }
    if (fits)
        return SIM_OK;
    if (strcmp(label, "--set") == 0)
        snprintf(loc, sizeof loc, "--set");
    else
        snprintf(loc, sizeof loc, "%s:%u", label, line);
    scan_key(sc, key, sizeof key);
    if (has_l)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%s: %s = %s%s does not fit in a 64-bit integer (libconfig would silently "
                        "read the largest one instead)",
                        loc, key, digits, strcmp(label, "--set") == 0 ? "" : "L");
    return sim_fail(err, SIM_ERR_CONFIG,
                    "%s: %s = %s does not fit in a 32-bit integer, and libconfig would silently "
                    "wrap it; write %sL for a 64-bit integer%s%s%s",
                    loc, key, digits, digits, hex ? "" : " or ", hex ? "" : digits,
                    hex ? "" : ".0 for a real number");
}

/* Scans `text` (the file `label`, or "--set") for integer literals libconfig
 * misreads, following @include. The text has already parsed without error. */
static SimStatus scan_literals(LiteralScan *sc, const char *text, const char *label, int nesting,
                               SimError *err)
{
    unsigned line = 1;
    bool line_start = true; /* only blanks since the start of the line */
    const char *c = text;
    while (*c) {
        if (*c == '\n') {
            line++;
            line_start = true;
            c++;
            continue;
        }
        if (*c == ' ' || *c == '\t' || *c == '\r') {
            c++;
            continue;
        }
        bool at_start = line_start;
        line_start = false;
        if (*c == '#' || (c[0] == '/' && c[1] == '/')) {
            c += strcspn(c, "\n");
        } else if (c[0] == '/' && c[1] == '*') {
            const char *close = strstr(c + 2, "*/");
            const char *stop = close ? close + 2 : c + strlen(c);
            for (; c < stop; c++)
                line += *c == '\n';
        } else if (*c == '"') {
            for (c++; *c && *c != '"'; c++) {
                if (*c == '\\' && c[1] != '\0')
                    c++;
                line += *c == '\n';
            }
            if (*c)
                c++;
        } else if (at_start && strncmp(c, "@include", 8) == 0) {
            /* libconfig reads the file as a part of this one, at this depth */
            const char *q = c + 8 + strspn(c + 8, " \t");
            const char *close = *q == '"' ? strchr(q + 1, '"') : NULL;
            c += strcspn(c, "\n");
            if (close == NULL || nesting > 16)
                continue;
            char rel[PARAM_PATH_MAX], path[2 * PARAM_PATH_MAX];
            snprintf(rel, sizeof rel, "%.*s", (int)(close - q - 1), q + 1);
            files_join(path, sizeof path, sc->include_dir, rel);
            char *sub = files_read(path);
            if (sub == NULL)
                continue;
            SimStatus st = scan_literals(sc, sub, path, nesting + 1, err);
            free(sub);
            if (st != SIM_OK)
                return st;
        } else if (isalpha((unsigned char)*c) || *c == '*') {
            const char *s = c;
            while (isalnum((unsigned char)*c) || *c == '-' || *c == '_' || *c == '*')
                c++;
            const char *q = c + strspn(c, " \t\r\n");
            if (*q == '=' || *q == ':')
                snprintf(sc->pending, sizeof sc->pending, "%.*s", (int)(c - s), s);
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
            else if (!real) {
                SimStatus st = scan_check_integer(sc, label, line, s, end, has_l, hex, err);
                if (st != SIM_OK)
                    return st;
            }
            sc->pending[0] = '\0';
        } else {
            c++;
        }
    }
    return SIM_OK;
}

SimStatus literals_check(const char *text, const char *label, const char *include_dir,
                         SimError *err)
{
    LiteralScan scan = {.include_dir = include_dir};
    return scan_literals(&scan, text, label, 0, err);
}
