/* suggest.h - The one "did you mean" helper: the closest known name to a word a
 * user typed, by Levenshtein edit distance, and the one threshold for calling
 * it close. Used for config keys, enum values, CSV columns, experiment keys and
 * command-line options. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* Levenshtein distance between a and b (insertions, deletions, substitutions;
 * each costs 1). Strings over 127 bytes get the longer length (no suggestion). */
int suggest_distance(const char *a, const char *b);

/* Whether a candidate at edit distance d from `word` is close enough to offer:
 * d <= strlen(word) / 3 + 2 (one typo in a short word, a few in a long one). */
bool suggest_is_close(const char *word, int d);

/* Index of the candidate in names[0..n-1] closest to word, or -1 when none is
 * close (suggest_is_close) or n is 0. Ties go to the first. */
int suggest_closest(const char *word, const char *const *names, int n);

/* Writes " (did you mean 'NAME'?)" into buf for the closest of names[0..n-1],
 * or `otherwise` (may be "") when none is close. Returns buf. */
char *suggest_hint(const char *word, const char *const *names, int n, const char *otherwise,
                   char *buf, size_t size);
