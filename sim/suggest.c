/* suggest.c - The one "did you mean" helper (see suggest.h). */
#include "suggest.h"

#include <stdio.h>
#include <string.h>

int suggest_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 127 || nb > 127)
        return (int)(na > nb ? na : nb);
    int row[128];
    for (size_t j = 0; j <= nb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

bool suggest_is_close(const char *word, int d) { return d <= (int)strlen(word) / 3 + 2; }

int suggest_closest(const char *word, const char *const *names, int n)
{
    int best = -1, best_d = 0;
    for (int i = 0; i < n; i++) {
        int d = suggest_distance(word, names[i]);
        if (best < 0 || d < best_d) {
            best = i;
            best_d = d;
        }
    }
    return best >= 0 && suggest_is_close(word, best_d) ? best : -1;
}

char *suggest_hint(const char *word, const char *const *names, int n, const char *otherwise,
                   char *buf, size_t size)
{
    int k = suggest_closest(word, names, n);
    if (k >= 0)
        snprintf(buf, size, " (did you mean '%s'?)", names[k]);
    else
        snprintf(buf, size, "%s", otherwise);
    return buf;
}
