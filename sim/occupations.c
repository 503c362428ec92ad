/* occupations.c - Reading and checking the occupation table. */
#include "occupations.h"
#include "suggest.h"

#include <errno.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_table.h"
#include "number.h"

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
    case COL_NAME: {
        size_t n = strlen(v);
        if (n >= sizeof row->name) { /* cut a long name between characters, not inside one */
            n = sizeof row->name - 1;
            while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
                n--;
        }
        memcpy(row->name, v, n);
        row->name[n] = '\0';
        break;
    }
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

/* Orders rows (pointers into one array) by code, then by place, so that equal
 * codes sit together with the first row first. */
static int by_code(const void *a, const void *b)
{
    const Occupation *x = *(const Occupation *const *)a, *y = *(const Occupation *const *)b;
    int c = strcmp(x->code, y->code);
    return c != 0 ? c : (x > y) - (x < y);
}

/* Finds the row o with the smallest index whose code an earlier row q (the
 * first with that code) has: sorting makes this O(n log n) (a pairwise scan
 * took 70 s for 100k rows). Returns false when every code is unique. */
static bool first_repeated_code(const OccupationTable *t, int *q, int *o, bool *out_of_memory)
{
    *out_of_memory = false;
    if (t->count < 2)
        return false;
    const Occupation **order = malloc((size_t)t->count * sizeof *order);
    if (order == NULL) {
        *out_of_memory = true;
        return false;
    }
    for (int i = 0; i < t->count; i++)
        order[i] = &t->rows[i];
    qsort(order, (size_t)t->count, sizeof *order, by_code);
    bool found = false;
    for (int k = 1; k < t->count; k++) {
        /* the second row of a group of equal codes */
        bool second = strcmp(order[k - 1]->code, order[k]->code) == 0 &&
                      (k == 1 || strcmp(order[k - 2]->code, order[k]->code) != 0);
        int at = (int)(order[k] - t->rows);
        if (second && (!found || at < *o)) {
            *q = (int)(order[k - 1] - t->rows);
            *o = at;
            found = true;
        }
    }
    free(order);
    return found;
}

SimStatus occupations_from_setting(const config_setting_t *list, const char *loc,
                                   const SourceText *src, OccupationTable *out, SimError *err)
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
        char row_loc[PARAM_ORIGIN_MAX], what[PARAM_ORIGIN_MAX + 64];
        if (src != NULL)
            source_where(src, config_setting_source_line(g), row_loc, sizeof row_loc);
        else
            snprintf(row_loc, sizeof row_loc, "%s", loc);
        snprintf(what, sizeof what, "%s: occupations.[%d]", row_loc, r);
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
    OccupationTable t = {.rows = rows, .count = n, .uses_share = first_share};
    int q = 0, o = 0;
    bool no_memory = false;
    /* named here, where each row's file and line are known */
    if (st == SIM_OK && first_repeated_code(&t, &q, &o, &no_memory)) {
        char at_q[PARAM_ORIGIN_MAX], at_o[PARAM_ORIGIN_MAX];
        unsigned line_q = config_setting_source_line(config_setting_get_elem(list, (unsigned)q));
        unsigned line_o = config_setting_source_line(config_setting_get_elem(list, (unsigned)o));
        if (src != NULL) {
            source_where(src, line_q, at_q, sizeof at_q);
            source_where(src, line_o, at_o, sizeof at_o);
        } else {
            snprintf(at_q, sizeof at_q, "%s", loc);
            snprintf(at_o, sizeof at_o, "%s", loc);
        }
        st = sim_fail(err, SIM_ERR_CONFIG,
                      "%s: occupation code '%s' appears twice (rows %d and %d, at %s and %s)", at_o,
                      rows[o].code, q, o, at_q, at_o);
    } else if (st == SIM_OK && no_memory) {
        st = sim_fail(err, SIM_ERR_MEMORY, "out of memory checking %d occupation codes", n);
    }
    if (st != SIM_OK) {
        free(rows);
        return st;
    }
    *out = t;
    return SIM_OK;
}

/* State of reading a CSV table, shared by the row callbacks. */
typedef struct CsvReader {
    const char *path;
    int map[64];        /* field index -> column, for the header's columns */
    int n_fields;       /* fields in the header */
    int seen[N_COLS];
    OccupationTable *t;
    long *lines; /* owned: the line each row starts on */
    int capacity;
} CsvReader;

static SimStatus read_header(CsvReader *rd, const char *const *fields, int n, SimError *err)
{
    if (n > 64)
        return sim_fail(err, SIM_ERR_CONFIG, "%s:1: too many columns", rd->path);
    for (int f = 0; f < n; f++) {
        int c = column_index(fields[f]);
        if (c < 0) {
            char hint[200];
            closest_column(fields[f], hint, sizeof hint);
            return sim_fail(err, SIM_ERR_CONFIG, "%s:1: unknown column '%s'%s", rd->path,
                            fields[f], hint);
        }
        if (rd->seen[c])
            return sim_fail(err, SIM_ERR_CONFIG, "%s:1: column '%s' appears twice", rd->path,
                            fields[f]);
        rd->seen[c] = 1;
        rd->map[f] = c;
    }
    rd->n_fields = n;
    bool share = false;
    char what[PARAM_PATH_MAX + 16];
    snprintf(what, sizeof what, "%s:1", rd->path);
    SimStatus st = check_columns(rd->seen, what, &share, err);
    rd->t->uses_share = share;
    return st;
}

static SimStatus on_record(const char *const *fields, int n, long line, void *ctx, SimError *err)
{
    CsvReader *rd = ctx;
    if (rd->n_fields == 0)
        return read_header(rd, fields, n, err);
    if (n != rd->n_fields)
        return sim_fail(err, SIM_ERR_CONFIG, "%s:%ld: %d fields, the header has %d", rd->path,
                        line, n, rd->n_fields);
    if (rd->t->count == rd->capacity) {
        int cap = rd->capacity ? 2 * rd->capacity : 64;
        Occupation *rows = realloc(rd->t->rows, (size_t)cap * sizeof *rows);
        if (rows != NULL)
            rd->t->rows = rows;
        long *lines = rows ? realloc(rd->lines, (size_t)cap * sizeof *lines) : NULL;
        if (lines == NULL)
            return sim_fail(err, SIM_ERR_MEMORY, "out of memory reading %s", rd->path);
        rd->lines = lines;
        rd->capacity = cap;
    }
    rd->lines[rd->t->count] = line;
    Occupation *row = &rd->t->rows[rd->t->count++];
    memset(row, 0, sizeof *row);
    char what[PARAM_PATH_MAX + 64];
    snprintf(what, sizeof what, "%s:%ld", rd->path, line);
    for (int f = 0; f < n; f++) {
        int c = rd->map[f];
        SimStatus st;
        if (c <= COL_CLASS) {
            st = set_text(row, c, fields[f], what, err);
        } else {
            char *end;
            errno = 0;
            double v = strtod(fields[f], &end);
            if (end == fields[f] || *end != '\0' || errno == ERANGE)
                st = sim_fail(err, SIM_ERR_CONFIG, "%s: column %s = '%.200s' is not a number",
                              what, COLUMN[c], fields[f]);
            else
                st = set_number(row, c, v, what, err);
        }
        if (st != SIM_OK)
            return st;
    }
    return SIM_OK;
}

SimStatus occupations_load_csv(const char *path, const char *where, OccupationTable *out,
                               SimError *err)
{
    OccupationTable t = {0};
    CsvReader rd = {.path = path, .t = &t};
    long records = 0;
    SimStatus st =
        csv_table_read(path, where, "data.occupations_csv", on_record, &rd, &records, err);
    if (st == SIM_OK && records == 0)
        st = sim_fail(err, SIM_ERR_CONFIG, "%s: empty file (expected a header row)", path);
    if (st == SIM_OK && t.count == 0)
        st = sim_fail(err, SIM_ERR_CONFIG, "%s: the occupation table is empty", path);
    int q = 0, o = 0;
    bool no_memory = false;
    if (st == SIM_OK && first_repeated_code(&t, &q, &o, &no_memory))
        st = sim_fail(err, SIM_ERR_CONFIG,
                      "%s:%ld: occupation code '%s' appears twice (rows %d and %d, lines %ld and "
                      "%ld)",
                      path, rd.lines[o], t.rows[o].code, q, o, rd.lines[q], rd.lines[o]);
    else if (st == SIM_OK && no_memory)
        st = sim_fail(err, SIM_ERR_MEMORY, "out of memory checking %d occupation codes", t.count);
    free(rd.lines);
    if (st != SIM_OK) {
        free(t.rows);
        return st;
    }
    *out = t;
    return SIM_OK;
}

SimStatus occupations_finish(OccupationTable *t, double employment_total, const char *origin,
                             SimError *err)
{
    int q = 0, o = 0;
    bool no_memory;
    if (first_repeated_code(t, &q, &o, &no_memory))
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%s: occupation code '%s' appears twice (rows %d and %d)", origin,
                        t->rows[o].code, q, o);
    if (no_memory)
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory checking %d occupation codes",
                        t->count);
    double total = 0;
    for (int r = 0; r < t->count; r++)
        total += t->rows[r].employment;
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

/* Writes s as a libconfig string: quoted, with " and \\ escaped. */
static void put_config_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void occupations_write_config(const OccupationTable *t, FILE *out)
{
    fprintf(out, "occupations = (\n");
    for (int o = 0; o < t->count; o++) {
        const Occupation *r = &t->rows[o];
        const double reals[4] = {r->employment, r->mean_wage, r->ai_exposure, r->robot_exposure};
        static const char *const names[4] = {"employment", "mean_wage", "ai_exposure",
                                             "robot_exposure"};
        fprintf(out, "  { code = ");
        put_config_string(out, r->code);
        fprintf(out, "; name = ");
        put_config_string(out, r->name);
        fprintf(out, "; class = \"%s\";", r->job_class == CLASS_WHITE ? "white" : "blue");
        for (int k = 0; k < 4; k++) {
            char v[40];
            number_format_real(reals[k], v, sizeof v);
            fprintf(out, " %s = %s;", names[k], v);
        }
        fprintf(out, " }%s\n", o + 1 < t->count ? "," : "");
    }
    fprintf(out, ");\n");
}
