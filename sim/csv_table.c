/* csv_table.c - Reading a CSV table whole and handing out its records (see
 * csv_table.h). libcsv counts nothing; the text is fed to it one physical line
 * at a time so that the line where each record starts is known. */
#include "csv_table.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "files.h"

typedef struct CsvTable {
    const char *path;
    CsvRowFn row;
    void *ctx;
    long line;       /* line being fed to libcsv */
    long row_line;   /* line where the current record started */
    char *chars;     /* owned: the current record's fields, each NUL-terminated */
    size_t n_chars, cap_chars;
    size_t *starts;  /* owned: offset of each field in chars */
    int n_fields, cap_fields;
    long records;
    SimStatus status;
    SimError *err;
} CsvTable;

static void on_field(void *data, size_t len, void *ctx)
{
    CsvTable *t = ctx;
    if (t->status != SIM_OK)
        return;
    if (t->n_fields == t->cap_fields) {
        int cap = t->cap_fields ? 2 * t->cap_fields : 16;
        size_t *starts = realloc(t->starts, (size_t)cap * sizeof *starts);
        if (starts == NULL) {
            t->status = sim_fail(t->err, SIM_ERR_MEMORY, "out of memory reading %s", t->path);
            return;
        }
        t->starts = starts;
        t->cap_fields = cap;
    }
    if (t->n_chars + len + 1 > t->cap_chars) {
        size_t cap = t->cap_chars ? t->cap_chars : 256;
        while (cap < t->n_chars + len + 1)
            cap *= 2;
        char *chars = realloc(t->chars, cap);
        if (chars == NULL) {
            t->status = sim_fail(t->err, SIM_ERR_MEMORY, "out of memory reading %s", t->path);
            return;
        }
        t->chars = chars;
        t->cap_chars = cap;
    }
    t->starts[t->n_fields++] = t->n_chars;
    if (len > 0)
        memcpy(t->chars + t->n_chars, data, len);
    t->n_chars += len;
    t->chars[t->n_chars++] = '\0';
}

static void on_row(int term, void *ctx)
{
    (void)term;
    CsvTable *t = ctx;
    if (t->status != SIM_OK)
        return;
    const char **fields = malloc((size_t)(t->n_fields > 0 ? t->n_fields : 1) * sizeof *fields);
    if (fields == NULL) {
        t->status = sim_fail(t->err, SIM_ERR_MEMORY, "out of memory reading %s", t->path);
        return;
    }
    for (int f = 0; f < t->n_fields; f++)
        fields[f] = t->chars + t->starts[f];
    t->records++;
    t->status = t->row(fields, t->n_fields, t->row_line, t->ctx, t->err);
    free(fields);
    t->n_fields = 0;
    t->n_chars = 0;
}

SimStatus csv_table_read(const char *path, const char *where, const char *what, CsvRowFn row,
                         void *ctx, long *records, SimError *err)
{
    *records = 0;
    char *text;
    size_t size;
    SimStatus st = files_read_all(path, where, what, FILES_TABLE_MAX, true, &text, &size, err);
    if (st != SIM_OK)
        return st;
    const char *c = text;
    if (size >= 3 && memcmp(c, "\xEF\xBB\xBF", 3) == 0) /* a byte-order mark says only "UTF-8" */
        c += 3;
    size_t left = size - (size_t)(c - text);
    if ((st = files_check_text(path, c, left, "a CSV table", err)) != SIM_OK) {
        free(text);
        return st;
    }
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(text);
        return sim_fail(err, SIM_ERR_MEMORY, "cannot start the CSV parser");
    }
    CsvTable t = {.path = path, .row = row, .ctx = ctx, .line = 1, .row_line = 1, .status = SIM_OK,
                  .err = err};
    long quote_line = 0; /* where the open quoted field started */
    while (left > 0 && t.status == SIM_OK) {
        const char *nl = memchr(c, '\n', left);
        size_t n = nl ? (size_t)(nl - c) + 1 : left;
        /* a record begins on this line only if none is open when it starts */
        if (parser.pstate == 0)
            t.row_line = t.line;
        bool was_quoted = parser.quoted != 0;
        if (csv_parse(&parser, c, n, on_field, on_row, &t) != n && t.status == SIM_OK) {
            if (csv_error(&parser) == CSV_EPARSE)
                t.status = sim_fail(err, SIM_ERR_CONFIG,
                                    "%s:%ld: malformed CSV: a quote inside an unquoted field or "
                                    "text after a closing quote (inside a quoted field write a "
                                    "quote as \"\")",
                                    path, t.line);
            else
                t.status = sim_fail(err, SIM_ERR_CONFIG, "%s:%ld: malformed CSV (%s)", path,
                                    t.line, csv_strerror(csv_error(&parser)));
        }
        if (!was_quoted && parser.quoted)
            quote_line = t.line;
        c += n;
        left -= n;
        t.line++;
    }
    if (t.status == SIM_OK && csv_fini(&parser, on_field, on_row, &t) != 0 && t.status == SIM_OK)
        t.status = sim_fail(err, SIM_ERR_CONFIG,
                            "%s:%ld: a quoted field opens on this line and is never closed "
                            "(a missing \")",
                            path, quote_line ? quote_line : t.row_line);
    csv_free(&parser);
    free(t.chars);
    free(t.starts);
    free(text);
    *records = t.records;
    return t.status;
}
