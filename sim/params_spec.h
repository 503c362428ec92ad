/* params_spec.h - The row type of the parameter table, shared by the modules
 * that make up params.h (private: nothing outside sim/params*.c includes it;
 * include params.h first).
 *
 * params_table.c holds the table and what is read straight from it (defaults,
 * lookup, "did you mean" hints, what a row accepts); params.c loads config
 * files and --set overrides into Params; params_validate.c checks what
 * involves several keys; params_text.c writes values as libconfig text and JSON. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Params is defined in params.h; not included here, so that params.c ->
 * params_spec.h -> params.h is no include cycle. */
typedef struct Params Params;

typedef enum ParamType {
    PARAM_INT,    /* int64_t, whole numbers only */
    PARAM_SEED,   /* uint64_t, 0 .. 2^63-1 */
    PARAM_DOUBLE, /* double */
    PARAM_BOOL,   /* bool */
    PARAM_ENUM,   /* int, index into the '|'-separated names */
    PARAM_FACTORS, /* robots.growth_per_year: double[1..ROBOT_FACTORS_MAX] */
    PARAM_PATH    /* char[PARAM_PATH_MAX], resolved against the config file's folder */
} ParamType;

typedef struct ParamSpec {
    const char *key;
    ParamType type;
    size_t offset;     /* of the value inside Params */
    double def;        /* default (enum: index; bool: 0/1) */
    double lo, hi;     /* inclusive range, unless lo_open */
    int lo_open;       /* 1: lo itself is excluded */
    const char *names; /* PARAM_ENUM: "fixed|hoarding" */
    const char *unit;
    const char *help;
} ParamSpec;
/* Row i of the table, 0 <= i < params_count(). */
const ParamSpec *params_spec(int i);

/* The row whose key is `key` ("money.velocity"), with its index in *index when
 * index is not NULL; NULL when the table has no such key. */
const ParamSpec *params_spec_find(const char *key, int *index);

/* True if `prefix` names a group of the table ("money", "policy.money"). */
bool params_spec_is_group(const char *prefix);

/* True if `key` is valid at the top level of a file without being a table row
 * ("extends", "occupations"). */
bool params_spec_is_extra_key(const char *key);

/* Writes " (did you mean 'x'?)" into buf for the known key closest to `key`, or a
 * pointer to the list of keys. With `groups`, the candidates are the groups
 * ("money", "policy.money") instead of the keys. */
void params_spec_suggest(const char *key, bool groups, char *buf, size_t size);

/* Writes a row's range and unit: "(0, 12] 1/year"; "(0, 100]" for a
 * dimensionless key (unit "-"). */
void params_spec_range_text(const ParamSpec *spec, char *buf, size_t size);

/* Describes what a row accepts, for messages: "a number in (0, 12] 1/year". */
void params_spec_describe(const ParamSpec *spec, char *buf, size_t size);

/* The row's value inside p; its C type follows spec->type. */
static inline void *params_spec_field(Params *p, const ParamSpec *s)
{
    return (char *)p + s->offset;
}
static inline const void *params_spec_cfield(const Params *p, const ParamSpec *s)
{
    return (const char *)p + s->offset;
}

