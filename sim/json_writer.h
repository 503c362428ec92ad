/* json_writer.h - The one JSON writer: a streaming writer over a FILE* for every
 * document the program writes (runs, ensembles, compares, sweep manifests, rows
 * and summaries).
 *
 * The writer places the commas, the colons and the line breaks itself, from
 * the layout each container is opened with, so no caller writes punctuation.
 * Every string goes through one escaping that also checks it is valid UTF-8;
 * every number goes through the project's exact formatter (number.h), so a
 * number reads back to the same double. Errors are sticky: the first one is
 * kept, later calls do nothing, and json_finish() reports it. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "status.h"

/* How a container lays out its items.
 *   JSON_LINES   one item a line, indented two spaces per enclosing LINES level
 *   JSON_INLINE  {"a": 1, "b": [1, 2]} on one line
 *   JSON_TIGHT   {"a":1,"b":[1,2]}: no spaces (long number arrays)
 *   JSON_TABS    the layout of cJSON_Print (tabs, "key":<tab>value), kept so the
 *                "config" object of a run document stays as it was */
typedef enum JsonLayout { JSON_LINES, JSON_INLINE, JSON_TIGHT, JSON_TABS } JsonLayout;

enum { JSON_MAX_DEPTH = 32 };

/* One open container. */
typedef struct JsonLevel {
    JsonLayout layout;
    bool array;
    long items;                /* items written so far */
} JsonLevel;

typedef struct JsonWriter {
    FILE *out;
    SimError *err;
    SimStatus status;          /* first error, SIM_OK while all is well */
    int depth;                 /* open containers */
    JsonLevel stack[JSON_MAX_DEPTH];
    bool after_key;            /* a key was written; its value comes next */
    char key[64];              /* the last key, for messages */
} JsonWriter;

/* Starts a writer on out; errors are reported through err (may be NULL). */
void json_init(JsonWriter *w, FILE *out, SimError *err);

/* Opens an object or array as the next value (or the document), with the layout
 * of its items. More than JSON_MAX_DEPTH nesting is an error (SIM_ERR_MEMORY). */
void json_object(JsonWriter *w, JsonLayout layout);
void json_array(JsonWriter *w, JsonLayout layout);
/* Closes the innermost open container. */
void json_end(JsonWriter *w);

/* The key of the next member of the open object. Must be valid UTF-8 (else
 * SIM_ERR_CONFIG naming the key). */
void json_key(JsonWriter *w, const char *key);

/* Values. json_string escapes " \ and control characters and refuses text that
 * is not valid UTF-8 (SIM_ERR_CONFIG, quoting the text with the bad byte as
 * \xNN); the file then does not get the string. json_number writes the shortest
 * exact text (-0 as 0); a NaN or infinity is written null, which callers use
 * only for nullable fields. json_int writes a whole number; json_uint_string
 * writes a 64-bit value as a string (seeds: a double cannot hold every one). */
void json_string(JsonWriter *w, const char *s);
void json_number(JsonWriter *w, double x);
void json_numbers(JsonWriter *w, JsonLayout layout, const double *x, long n); /* an array */
void json_int(JsonWriter *w, long long x);
void json_uint_string(JsonWriter *w, uint64_t x);
void json_bool(JsonWriter *w, bool x);
void json_null(JsonWriter *w);

/* Ends the document: all containers must be closed. Writes a final newline and
 * returns the first error: SIM_ERR_IO if a write failed, else what an earlier
 * call reported. */
SimStatus json_finish(JsonWriter *w);

/* Returns true if s[0..] is valid UTF-8 (no overlong forms, no surrogates, at
 * most U+10FFFF); else false and, if bad_at is not NULL, the offset of the
 * first byte that is not. */
bool json_valid_utf8(const char *s, size_t *bad_at);

