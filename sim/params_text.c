/* params_text.c - Parameter values written out: as libconfig text for `uhisim
 * validate` and the docs, and as the JSON record of the parameters a run used. */
#include "params.h"
#include "params_spec.h"

#include <stdio.h>
#include <string.h>

#include "number.h"
#include "occupations.h"

/* Writes v in the fewest digits that read back exactly, with a `.0` where the
 * text would otherwise be a libconfig integer (`[2, 1.5]` is not a valid array). */
static int format_real(double v, char *buf, size_t size)
{
    int n = number_format(v, buf, size);
    if (strpbrk(buf, ".eEn") == NULL && (size_t)n + 2 < size)
        n += snprintf(buf + n, size - (size_t)n, ".0");
    return n;
}

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
        format_real(*(const double *)f, buf, (size_t)size);
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
            o += format_real(p->robots.growth_per_year[j], buf + o, (size_t)(size - o));
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

/* Writes the members of the group whose keys start with prefix (length len):
 * leaves and subgroups in the order of their first key in the table. */
static void write_group(const Params *p, const char *prefix, size_t len, JsonWriter *w,
                        JsonLayout layout)
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
            json_key(w, name);
            write_value(p, i, w, layout);
            continue;
        }
        bool seen = false; /* the subgroup was written at its first key */
        for (int j = 0; j < i && !seen; j++)
            seen = strncmp(params_key(j), key, len + n + 1) == 0;
        if (seen)
            continue;
        json_key(w, name);
        json_object(w, layout);
        write_group(p, key, len + n + 1, w, layout);
        json_end(w);
    }
}

void params_write_json(const Params *p, JsonWriter *w, JsonLayout layout)
{
    json_object(w, layout);
    write_group(p, "", 0, w, layout);
    json_key(w, "occupations");
    occupations_write_json(&p->occupations, w, layout);
    json_end(w);
}