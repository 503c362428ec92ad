/* params_text.c - Parameter values written out: as libconfig text for `uhisim
 * validate` and the docs, and as the JSON record of the parameters a run used. */
#include "params.h"
#include "params_spec.h"

#include <stdio.h>
#include <string.h>

#include "number.h"
#include "occupations.h"

void params_format_value(const Params *p, int i, char *buf, int size)
{
    const ParamSpec *s = params_spec(i);
    const void *f = params_spec_cfield(p, s);
    switch (s->type) {
    case PARAM_INT:
        snprintf(buf, (size_t)size, "%lld", (long long)*(const int64_t *)f);
        break;
    case PARAM_SEED:
        snprintf(buf, (size_t)size, "%llu", (unsigned long long)*(const uint64_t *)f);
        break;
    case PARAM_DOUBLE:
        number_format_real(*(const double *)f, buf, (size_t)size);
        break;
    case PARAM_BOOL:
        snprintf(buf, (size_t)size, "%s", *(const bool *)f ? "true" : "false");
        break;
    case PARAM_ENUM: {
        int k = *(const int *)f;
        const char *q = s->names;
        for (int j = 0; j < k; j++)
            q += strcspn(q, "|") + 1;
        snprintf(buf, (size_t)size, "\"%.*s\"", (int)strcspn(q, "|"), q);
        break;
    }
    case PARAM_FACTORS: {
        int o = snprintf(buf, (size_t)size, "[");
        for (int j = 0; j < p->robots.growth_factors && o + 2 < size; j++) {
            o += snprintf(buf + o, (size_t)(size - o), "%s", j ? ", " : "");
            o += number_format_real(p->robots.growth_per_year[j], buf + o, (size_t)(size - o));
        }
        if (o < size)
            snprintf(buf + o, (size_t)(size - o), "]");
        break;
    }
    case PARAM_PATH:
        snprintf(buf, (size_t)size, "\"%s\"", (const char *)f);
        break;
    }
}

/* Writes one parameter's value. */
static void write_value(const Params *p, int i, JsonWriter *w, JsonLayout layout)
{
    const ParamSpec *s = params_spec(i);
    const void *f = params_spec_cfield(p, s);
    char buf[256];
    switch (s->type) {
    case PARAM_INT:
        json_int(w, (long long)*(const int64_t *)f);
        break;
    case PARAM_SEED: /* a string: a double cannot hold every 64-bit seed */
        json_uint_string(w, *(const uint64_t *)f);
        break;
    case PARAM_DOUBLE:
        json_number(w, *(const double *)f);
        break;
    case PARAM_BOOL:
        json_bool(w, *(const bool *)f);
        break;
    case PARAM_ENUM:
        params_format_value(p, i, buf, sizeof buf);
        buf[strlen(buf) - 1] = '\0';
        json_string(w, buf + 1);
        break;
    case PARAM_FACTORS:
        json_numbers(w, layout, p->robots.growth_per_year, p->robots.growth_factors);
        break;
    case PARAM_PATH:
        json_string(w, (const char *)f);
        break;
    }
}

/* What a walk over the parameter groups does at each member. */
typedef struct GroupVisit {
    void (*leaf)(const Params *p, int i, const char *name, int depth, void *ctx);
    void (*open)(const char *name, int depth, void *ctx);
    void (*close)(int depth, void *ctx);
    void *ctx;
} GroupVisit;

/* Visits the members of the group whose keys start with prefix (length len):
 * leaves and subgroups in the order of their first key in the table, so the
 * JSON record and the libconfig file nest alike. */
static void walk_group(const Params *p, const char *prefix, size_t len, int depth,
                       const GroupVisit *v)
{
    for (int i = 0; i < params_count(); i++) {
        const char *key = params_key(i);
        if (strncmp(key, prefix, len) != 0)
            continue;
        const char *rest = key + len;
        const size_t n = strcspn(rest, ".");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)n, rest);
        if (rest[n] == '\0') {
            v->leaf(p, i, name, depth, v->ctx);
            continue;
        }
        bool seen = false; /* the subgroup was visited at its first key */
        for (int j = 0; j < i && !seen; j++)
            seen = strncmp(params_key(j), key, len + n + 1) == 0;
        if (seen)
            continue;
        v->open(name, depth, v->ctx);
        walk_group(p, key, len + n + 1, depth + 1, v);
        v->close(depth, v->ctx);
    }
}

typedef struct JsonVisit {
    JsonWriter *w;
    JsonLayout layout;
} JsonVisit;

static void json_leaf(const Params *p, int i, const char *name, int depth, void *ctx)
{
    (void)depth;
    JsonVisit *jv = ctx;
    json_key(jv->w, name);
    write_value(p, i, jv->w, jv->layout);
}

static void json_open(const char *name, int depth, void *ctx)
{
    (void)depth;
    JsonVisit *jv = ctx;
    json_key(jv->w, name);
    json_object(jv->w, jv->layout);
}

static void json_close(int depth, void *ctx)
{
    (void)depth;
    json_end(((JsonVisit *)ctx)->w);
}

void params_write_json(const Params *p, JsonWriter *w, JsonLayout layout)
{
    JsonVisit jv = {w, layout};
    const GroupVisit v = {json_leaf, json_open, json_close, &jv};
    json_object(w, layout);
    walk_group(p, "", 0, 0, &v);
    json_key(w, "occupations");
    occupations_write_json(&p->occupations, w, layout);
    json_end(w);
}

static void config_leaf(const Params *p, int i, const char *name, int depth, void *ctx)
{
    /* the rows are written inline, so the CSV file they came from is not named */
    if (params_spec(i)->type == PARAM_PATH)
        return;
    char value[1200];
    params_format_value(p, i, value, sizeof value);
    fprintf(ctx, "%*s%s = %s;\n", 2 * depth, "", name, value);
}

static void config_open(const char *name, int depth, void *ctx)
{
    fprintf(ctx, "%*s%s = {\n", 2 * depth, "", name);
}

static void config_close(int depth, void *ctx) { fprintf(ctx, "%*s};\n", 2 * depth, ""); }

SimStatus params_write_config(const Params *p, FILE *out, SimError *err)
{
    const GroupVisit v = {config_leaf, config_open, config_close, out};
    walk_group(p, "", 0, 0, &v);
    occupations_write_config(&p->occupations, out);
    if (fflush(out) != 0 || ferror(out))
        return sim_fail(err, SIM_ERR_IO, "cannot write the configuration");
    return SIM_OK;
}

static const char *type_name(ParamType t)
{
    static const char *const names[] = {"int", "seed", "real", "bool", "enum", "factors", "path"};
    return names[t];
}

void params_write_table_json(JsonWriter *w)
{
    Params d;
    params_set_defaults(&d);
    json_array(w, JSON_LINES);
    for (int i = 0; i < params_count(); i++) {
        const ParamSpec *s = params_spec(i);
        char range[160];
        params_spec_range_text(s, range, sizeof range);
        json_object(w, JSON_INLINE);
        json_key(w, "key");
        json_string(w, s->key);
        json_key(w, "type");
        json_string(w, type_name(s->type));
        json_key(w, "default");
        write_value(&d, i, w, JSON_INLINE);
        json_key(w, "min");
        json_number(w, s->lo);
        json_key(w, "max");
        json_number(w, s->hi);
        json_key(w, "min_open");
        json_bool(w, s->lo_open);
        json_key(w, "range");
        json_string(w, range);
        json_key(w, "names");
        if (s->names)
            json_string(w, s->names);
        else
            json_null(w);
        json_key(w, "unit");
        json_string(w, s->unit);
        json_key(w, "help");
        json_string(w, s->help);
        json_end(w);
    }
    json_end(w);
    params_free(&d);
}
