/* json_writer.c - The streaming JSON writer (see json_writer.h). */
#include "json_writer.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "files.h"
#include "number.h"

void json_init(JsonWriter *w, FILE *out, SimError *err)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->err = err;
}

static void newline(JsonWriter *w)
{
    fputc('\n', w->out);
    for (int d = 0; d < w->depth; d++)
        if (w->stack[d].layout == JSON_LINES)
            fputs("  ", w->out);
    for (int d = 0; d < w->depth; d++)
        if (w->stack[d].layout == JSON_TABS)
            fputc('\t', w->out);
}

/* The punctuation before the next item of the open container. Returns false
 * (writing nothing) once an error is recorded. */
static bool next_item(JsonWriter *w, bool is_key)
{
    if (w->status != SIM_OK)
        return false;
    if (w->depth == 0)
        return true;
    if (w->after_key) {
        w->after_key = false;
        return true;
    }
    JsonLevel *c = &w->stack[w->depth - 1];
    if (c->array == is_key) {
        w->status = sim_fail(w->err, SIM_ERR_MEMORY, "JSON writer: %s inside an %s",
                             is_key ? "a key" : "a value without a key",
                             c->array ? "array" : "object");
        return false;
    }
    if (c->items++ > 0)
        fputc(',', w->out);
    switch (c->layout) {
    case JSON_LINES:
        newline(w);
        break;
    case JSON_TABS:
        if (!c->array)
            newline(w);
        else if (c->items > 1)
            fputc(' ', w->out);
        break;
    case JSON_INLINE:
        if (c->items > 1)
            fputc(' ', w->out);
        break;
    case JSON_TIGHT:
        break;
    }
    return true;
}

static void open(JsonWriter *w, JsonLayout layout, bool array)
{
    if (!next_item(w, false))
        return;
    if (w->depth == JSON_MAX_DEPTH) {
        w->status = sim_fail(w->err, SIM_ERR_MEMORY, "JSON writer: more than %d levels",
                             JSON_MAX_DEPTH);
        return;
    }
    w->stack[w->depth].layout = layout;
    w->stack[w->depth].array = array;
    w->stack[w->depth].items = 0;
    w->depth++;
    fputc(array ? '[' : '{', w->out);
}

void json_object(JsonWriter *w, JsonLayout layout) { open(w, layout, false); }
void json_array(JsonWriter *w, JsonLayout layout) { open(w, layout, true); }

void json_end(JsonWriter *w)
{
    if (w->status != SIM_OK)
        return;
    if (w->depth == 0 || w->after_key) {
        w->status = sim_fail(w->err, SIM_ERR_MEMORY, "JSON writer: end without an open container");
        return;
    }
    const bool array = w->stack[w->depth - 1].array;
    const JsonLayout layout = w->stack[w->depth - 1].layout;
    const long items = w->stack[w->depth - 1].items;
    w->depth--;
    /* cJSON breaks the line before an object's "}" even when it is empty */
    if ((layout == JSON_LINES && items > 0) || (layout == JSON_TABS && !array))
        newline(w);
    fputc(array ? ']' : '}', w->out);
}

bool json_valid_utf8(const char *text, size_t *bad_at)
{
    const size_t n = strlen(text), good = files_utf8_prefix(text, n);
    if (good < n && bad_at)
        *bad_at = good;
    return good == n;
}

/* Refuses s unless it is valid UTF-8, quoting it with bytes >= 0x80 as \xNN. */
static bool check_utf8(JsonWriter *w, const char *s)
{
    size_t at = 0;
    if (json_valid_utf8(s, &at))
        return true;
    char shown[160];
    size_t k = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c && k + 5 < sizeof shown; c++)
        k += (size_t)snprintf(shown + k, sizeof shown - k, *c >= 0x80 || *c < 0x20 ? "\\x%02x" : "%c", *c);
    w->status = sim_fail(w->err, SIM_ERR_CONFIG,
                         "\"%s\"%s%s%s: byte %zu (0x%02x) is not valid UTF-8; save the text as "
                         "UTF-8",
                         shown, w->key[0] ? " (in \"" : "", w->key, w->key[0] ? "\")" : "",
                         at + 1, (unsigned char)s[at]);
    return false;
}

static void put_string(JsonWriter *w, const char *s)
{
    FILE *f = w->out;
    fputc('"', f);
    for (; *s; s++) {
        const unsigned char c = (unsigned char)*s;
        const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '\b' ? "\\b"
                        : c == '\f' ? "\\f" : NULL;
        if (esc)
            fputs(esc, f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

void json_key(JsonWriter *w, const char *key)
{
    if (!check_utf8(w, key) || !next_item(w, true))
        return;
    snprintf(w->key, sizeof w->key, "%s", key);
    put_string(w, key);
    const JsonLayout layout = w->stack[w->depth - 1].layout;
    fputs(layout == JSON_TABS ? ":\t" : layout == JSON_TIGHT ? ":" : ": ", w->out);
    w->after_key = true;
}

void json_string(JsonWriter *w, const char *s)
{
    if (w->status == SIM_OK && check_utf8(w, s) && next_item(w, false))
        put_string(w, s);
}

void json_number(JsonWriter *w, double x)
{
    if (!next_item(w, false))
        return;
    if (!isfinite(x)) {
        fputs("null", w->out);
        return;
    }
    char buf[40];
    number_format(x == 0 ? 0.0 : x, buf, sizeof buf); /* -0 is written 0 */
    fputs(buf, w->out);
}

void json_numbers(JsonWriter *w, JsonLayout layout, const double *x, long n)
{
    json_array(w, layout);
    for (long i = 0; i < n; i++)
        json_number(w, x[i]);
    json_end(w);
}

void json_int(JsonWriter *w, long long x)
{
    if (next_item(w, false))
        fprintf(w->out, "%lld", x);
}

void json_uint_string(JsonWriter *w, uint64_t x)
{
    if (next_item(w, false))
        fprintf(w->out, "\"%" PRIu64 "\"", x);
}

void json_bool(JsonWriter *w, bool x)
{
    if (next_item(w, false))
        fputs(x ? "true" : "false", w->out);
}

void json_null(JsonWriter *w)
{
    if (next_item(w, false))
        fputs("null", w->out);
}

SimStatus json_finish(JsonWriter *w)
{
    if (w->status == SIM_OK && (w->depth != 0 || w->after_key))
        w->status = sim_fail(w->err, SIM_ERR_MEMORY, "JSON writer: %d containers left open",
                             w->depth);
    if (w->status == SIM_OK)
        fputc('\n', w->out);
    if (w->status == SIM_OK && ferror(w->out))
        w->status = sim_fail(w->err, SIM_ERR_IO, "writing the JSON failed: %s", strerror(errno));
    return w->status;
}
