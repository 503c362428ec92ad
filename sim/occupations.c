/* occupations.c - Reading and checking the occupation table. */
#include "occupations.h"
#include "suggest.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

enum { COL_CODE, COL_NAME, COL_CLASS, COL_EMPLOYMENT, COL_SHARE, COL_WAGE, COL_AI, COL_ROBOT, N_COLS };
static const char *const COLUMN[N_COLS] = {"code",      "name",  "class",       "employment",
                                           "share",     "mean_wage", "ai_exposure", "robot_exposure"};

static int column_index(const char *name)
{
    for (int c = 0; c < N_COLS; c++)
        if (strcmp(COLUMN[c], name) == 0)
            return c;
    return -1;
}

static void closest_column(const char *name, char *buf, size_t size)
{
    suggest_hint(name, COLUMN, N_COLS,
                 " (known: code, name, class, employment or share, mean_wage, ai_exposure, "
                 "robot_exposure)",
                 buf, size);
}

/* Checks and stores one numeric cell; `what` names row and column for messages. */
static SimStatus set_number(Occupation *row, int col, double v, const char *what, SimError *err)
{
    static const double lo[N_COLS] = {0, 0, 0, 0, 0, 0, 0, 0};
    static const double hi[N_COLS] = {0, 0, 0, 1e12, 1, 1e9, 1, 1};
    if (!isfinite(v) || v < lo[col] || v > hi[col] || (col == COL_WAGE && v <= 0))
        return sim_fail(err, SIM_ERR_CONFIG, "%s: %s = %g is outside its range %s%g, %g]", what,
                        COLUMN[col], v, col == COL_WAGE ? "(" : "[", lo[col], hi[col]);
    switch (col) {
    case COL_EMPLOYMENT:
    case COL_SHARE:
        row->employment = v; /* a share until occupations_finish() */
        break;
    case COL_WAGE:
        row->mean_wage = v;
        break;
    case COL_AI:
        row->ai_exposure = v;
        break;
    case COL_ROBOT:
        row->robot_exposure = v;
        break;
    }
    return SIM_OK;
}

static SimStatus set_text(Occupation *row, int col, const char *v, const char *what, SimError *err)
{
    switch (col) {
    case COL_CODE:
        if (v[0] == '\0' || strlen(v) >= sizeof row->code)
            return sim_fail(err, SIM_ERR_CONFIG, "%s: code must be 1 to %zu characters", what,
                            sizeof row->code - 1);
        snprintf(row->code, sizeof row->code, "%s", v);
        break;
    case COL_NAME:
        snprintf(row->name, sizeof row->name, "%s", v);
        break;
    case COL_CLASS:
        if (strcmp(v, "white") == 0)
            row->job_class = CLASS_WHITE;
        else if (strcmp(v, "blue") == 0)
            row->job_class = CLASS_BLUE;
        else
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: class = \"%s\" must be \"white\" (bits) or \"blue\" (atoms)", what,
                            v);
        break;
    }
    return SIM_OK;
}

/* Checks that a row has every column once, with employment xor share. */
static SimStatus check_columns(const int seen[N_COLS], const char *what, bool *uses_share,
                               SimError *err)
{
    for (int c = 0; c < N_COLS; c++) {
        if (c == COL_EMPLOYMENT || c == COL_SHARE)
            continue;
        if (!seen[c])
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: missing column '%s' (expected code, name, class, employment or "
                            "share, mean_wage, ai_exposure, robot_exposure)",
                            what, COLUMN[c]);
    }
    if (seen[COL_EMPLOYMENT] == seen[COL_SHARE])
        return sim_fail(err, SIM_ERR_CONFIG, "%s: give exactly one of 'employment' and 'share'",
                        what);
    *uses_share = seen[COL_SHARE];
    return SIM_OK;
}

SimStatus occupations_from_setting(const config_setting_t *list, const char *loc,
                                   OccupationTable *out, SimError *err)
{
    if (!config_setting_is_list(list))
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%s: occupations must be a list ( {...}, {...} ) of groups", loc);
    int n = config_setting_length(list);
    if (n == 0)
        return sim_fail(err, SIM_ERR_CONFIG, "%s: the occupation table is empty", loc);
    Occupation *rows = calloc((size_t)n, sizeof *rows);
    if (rows == NULL)
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory reading %d occupations", n);
    SimStatus st = SIM_OK;
    bool first_share = false;
    for (int r = 0; r < n && st == SIM_OK; r++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)r);
        /* a row is in the list's file; loc names it as a path that opens from here */
        char what[PARAM_ORIGIN_MAX + 64];
        int file_len = (int)(strrchr(loc, ':') ? strrchr(loc, ':') - loc : (long)strlen(loc));
        snprintf(what, sizeof what, "%.*s:%u: occupations.[%d]", file_len, loc,
                 config_setting_source_line(g), r);
        if (!config_setting_is_group(g)) {
            st = sim_fail(err, SIM_ERR_CONFIG, "%s must be a group { code = ...; ... }", what);
            break;
        }
        int seen[N_COLS] = {0};
        for (int k = 0; k < config_setting_length(g) && st == SIM_OK; k++) {
            const config_setting_t *s = config_setting_get_elem(g, (unsigned)k);
            const char *name = config_setting_name(s);
            int c = column_index(name);
            if (c < 0) {
                char hint[200];
                closest_column(name, hint, sizeof hint);
                st = sim_fail(err, SIM_ERR_CONFIG, "%s: unknown key '%s'%s", what, name, hint);
                break;
            }
            seen[c] = 1;
            int type = config_setting_type(s);
            if (c <= COL_CLASS) {
                if (type != CONFIG_TYPE_STRING)
                    st = sim_fail(err, SIM_ERR_CONFIG, "%s: %s must be a string", what, name);
                else
                    st = set_text(&rows[r], c, config_setting_get_string(s), what, err);
            } else if (type == CONFIG_TYPE_FLOAT) {
                st = set_number(&rows[r], c, config_setting_get_float(s), what, err);
            } else if (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64) {
                st = set_number(&rows[r], c, (double)config_setting_get_int64(s), what, err);
            } else {
                st = sim_fail(err, SIM_ERR_CONFIG, "%s: %s must be a number", what, name);
            }
        }
        bool share = false;
        if (st == SIM_OK)
            st = check_columns(seen, what, &share, err);
        if (st == SIM_OK && r == 0)
            first_share = share;
        else if (st == SIM_OK && share != first_share)
            st = sim_fail(err, SIM_ERR_CONFIG,
                          "%s: every row must use the same one of 'employment' and 'share'", what);
    }
    if (st != SIM_OK) {
        free(rows);
        return st;
    }
    *out = (OccupationTable){.rows = rows, .count = n, .uses_share = first_share};
    return SIM_OK;
}

/* libcsv hands fields and row ends to callbacks; this is their shared state. */
typedef struct CsvReader {
    const char *path;
    long line;          /* current line, 1-based (header = 1) */
    int field;          /* field index within the row */
    int map[64];        /* field index -> column, for the header's columns */
    int n_fields;       /* fields in the header */
    int seen[N_COLS];
    OccupationTable *t;
    int capacity;
    SimStatus status;
    SimError *err;
} CsvReader;

static void on_field(void *data, size_t len, void *ctx)
{
    CsvReader *rd = ctx;
    if (rd->status != SIM_OK)
        return;
    char text[512];
    /* CSV_EMPTY_IS_NULL passes an empty cell as NULL */
    snprintf(text, sizeof text, "%.*s", (int)(len < sizeof text - 1 ? len : sizeof text - 1),
             data ? (const char *)data : "");
    int f = rd->field++;
    if (rd->line == 1) {
        if (f >= 64) {
            rd->status = sim_fail(rd->err, SIM_ERR_CONFIG, "%s:1: too many columns", rd->path);
            return;
        }
        int c = column_index(text);
        if (c < 0) {
            char hint[200];
            closest_column(text, hint, sizeof hint);
            rd->status =
                sim_fail(rd->err, SIM_ERR_CONFIG, "%s:1: unknown column '%s'%s", rd->path, text, hint);
            return;
        }
        if (rd->seen[c]) {
            rd->status = sim_fail(rd->err, SIM_ERR_CONFIG, "%s:1: column '%s' appears twice",
                                  rd->path, text);
            return;
        }
        rd->seen[c] = 1;
        rd->map[f] = c;
        rd->n_fields = f + 1;
        return;
    }
    if (f >= rd->n_fields) {
        rd->status = sim_fail(rd->err, SIM_ERR_CONFIG, "%s:%ld: more fields than the header's %d",
                              rd->path, rd->line, rd->n_fields);
        return;
    }
    if (rd->field == 1) { /* first field of a data row: append a row */
        if (rd->t->count == rd->capacity) {
            int cap = rd->capacity ? 2 * rd->capacity : 64;
            Occupation *rows = realloc(rd->t->rows, (size_t)cap * sizeof *rows);
            if (rows == NULL) {
                rd->status = sim_fail(rd->err, SIM_ERR_MEMORY, "out of memory reading %s", rd->path);
                return;
            }
            rd->t->rows = rows;
            rd->capacity = cap;
        }
        memset(&rd->t->rows[rd->t->count++], 0, sizeof(Occupation));
    }
    Occupation *row = &rd->t->rows[rd->t->count - 1];
    int c = rd->map[f];
    char what[PARAM_PATH_MAX + 64];
    snprintf(what, sizeof what, "%s:%ld", rd->path, rd->line);
    if (c <= COL_CLASS) {
        rd->status = set_text(row, c, text, what, rd->err);
        return;
    }
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || errno == ERANGE)
        rd->status = sim_fail(rd->err, SIM_ERR_CONFIG, "%s: column %s = '%s' is not a number",
                              what, COLUMN[c], text);
    else
        rd->status = set_number(row, c, v, what, rd->err);
}

static void on_row(int term, void *ctx)
{
    (void)term;
    CsvReader *rd = ctx;
    if (rd->status == SIM_OK && rd->line == 1) {
        bool share = false;
        char what[PARAM_PATH_MAX + 16];
        snprintf(what, sizeof what, "%s:1", rd->path);
        rd->status = check_columns(rd->seen, what, &share, rd->err);
        rd->t->uses_share = share;
    } else if (rd->status == SIM_OK && rd->field != rd->n_fields) {
        rd->status = sim_fail(rd->err, SIM_ERR_CONFIG, "%s:%ld: %d fields, the header has %d",
                              rd->path, rd->line, rd->field, rd->n_fields);
    }
    rd->line++;
    rd->field = 0;
}

SimStatus occupations_load_csv(const char *path, OccupationTable *out, SimError *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return sim_fail(err, SIM_ERR_CONFIG, "data.occupations_csv: cannot open '%s': %s", path,
                        strerror(errno));
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        fclose(f);
        return sim_fail(err, SIM_ERR_MEMORY, "cannot start the CSV parser");
    }
    OccupationTable t = {0};
    CsvReader rd = {.path = path, .line = 1, .t = &t, .status = SIM_OK, .err = err};
    char buf[8192];
    size_t n;
    while (rd.status == SIM_OK && (n = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&parser, buf, n, on_field, on_row, &rd) != n && rd.status == SIM_OK)
            rd.status = sim_fail(err, SIM_ERR_CONFIG, "%s:%ld: malformed CSV (%s)", path, rd.line,
                                 csv_strerror(csv_error(&parser)));
    if (rd.status == SIM_OK)
        csv_fini(&parser, on_field, on_row, &rd);
    csv_free(&parser);
    fclose(f);
    if (rd.status == SIM_OK && rd.line <= 1)
        rd.status = sim_fail(err, SIM_ERR_CONFIG, "%s: empty file (expected a header row)", path);
    if (rd.status == SIM_OK && t.count == 0)
        rd.status = sim_fail(err, SIM_ERR_CONFIG, "%s: the occupation table is empty", path);
    if (rd.status != SIM_OK) {
        free(t.rows);
        return rd.status;
    }
    *out = t;
    return SIM_OK;
}

SimStatus occupations_finish(OccupationTable *t, double employment_total, const char *origin,
                             SimError *err)
{
    double total = 0;
    for (int o = 0; o < t->count; o++) {
        total += t->rows[o].employment;
        for (int q = 0; q < o; q++)
            if (strcmp(t->rows[q].code, t->rows[o].code) == 0)
                return sim_fail(err, SIM_ERR_CONFIG,
                                "%s: occupation code '%s' appears twice (rows %d and %d)", origin,
                                t->rows[o].code, q, o);
    }
    if (t->uses_share) {
        if (fabs(total - 1.0) > 1e-6)
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: occupation shares sum to %.9g; expected 1 (within 1e-6)", origin,
                            total);
        if (!(employment_total > 0))
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: the table gives shares, so data.employment_total must be > 0 "
                            "(workers)",
                            origin);
        for (int o = 0; o < t->count; o++)
            t->rows[o].employment *= employment_total;
        t->uses_share = false;
        total = employment_total;
    }
    if (!(total > 0))
        return sim_fail(err, SIM_ERR_CONFIG, "%s: total employment of the table is 0", origin);
    return SIM_OK;
}

void occupations_write_json(const OccupationTable *t, JsonWriter *w, JsonLayout layout)
{
    json_array(w, layout);
    for (int o = 0; o < t->count; o++) {
        const Occupation *r = &t->rows[o];
        json_object(w, layout);
        json_key(w, "code");
        json_string(w, r->code);
        json_key(w, "name");
        json_string(w, r->name);
        json_key(w, "class");
        json_string(w, r->job_class == CLASS_WHITE ? "white" : "blue");
        json_key(w, "employment");
        json_number(w, r->employment);
        json_key(w, "mean_wage");
        json_number(w, r->mean_wage);
        json_key(w, "ai_exposure");
        json_number(w, r->ai_exposure);
        json_key(w, "robot_exposure");
        json_number(w, r->robot_exposure);
        json_end(w);
    }
    json_end(w);
}
