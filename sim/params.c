/* params.c - The parameter table and strict loading of libconfig files.
 *
 * libconfig 1.5 traps handled here (shared/TOOLCHAIN.md section 3): an integer
 * literal is not a float (`velocity = 1;` is accepted for a real parameter by
 * reading the setting's type ourselves); a fraction is never truncated for an
 * integer parameter; an integer literal that libconfig silently wraps to 32 bits
 * (no `L`) or saturates (with `L`) is found by scanning each file's text before
 * its settings are used; 1e400 reads as inf and is rejected; each file is read
 * once and parsed from memory, with @include expanded by source.c (relative to
 * the including file; libconfig never opens a file); a key repeated in one file
 * is a parse error, so scenarios layer with `extends`. */
#include "params.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libconfig.h>

#include "files.h"
#include "literals.h"
#include "number.h"
#include "occupations.h"
#include "source.h"
#include "suggest.h"

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

#define ROW(key, type, field, def, lo, hi, open, names, unit, help)                                \
    {key, type, offsetof(Params, field), def, lo, hi, open, names, unit, help}

/* Upper bound of run.agents: agent indices are 32-bit and random streams are keyed by
 * a 32-bit agent counter. Upper bound of run.months: 1000 years. */
// clang-format off
static const ParamSpec SPECS[] = {
    ROW("run.agents", PARAM_INT, run.agents, 100000, 1, 2147483647, 0, NULL, "agents", "simulated agents N; each stands for L/N workers"),
    ROW("run.months", PARAM_INT, run.months, 180, 1, 12000, 0, NULL, "months", "months simulated"),
    ROW("run.seed", PARAM_SEED, run.seed, 1, 0, 9223372036854775807.0, 0, NULL, "-", "master seed of every random draw"),
    ROW("run.start_year", PARAM_DOUBLE, run.start_year, 2026.0, 1800, 3000, 0, NULL, "year", "calendar year of month 0"),
    ROW("money.stock", PARAM_DOUBLE, money.stock, 21.5e12, 0, 1e18, 1, NULL, "nominal $", "money stock M0 (US M2 late 2024, FRED M2SL)"),
    ROW("money.velocity", PARAM_DOUBLE, money.velocity, 1.36, 0, 12, 1, NULL, "1/year", "velocity V0 (US M2 velocity 2024, FRED M2V)"),
    ROW("money.velocity_mode", PARAM_ENUM, money.velocity_mode, VELOCITY_FIXED, 0, 0, 0, "fixed|hoarding", "-", "fixed V, or Cagan money demand V0 exp(alpha pi_e)"),
    ROW("money.hoarding", PARAM_DOUBLE, money.hoarding, 1.0, 0, 100, 0, NULL, "years", "alpha: semi-elasticity of velocity to expected inflation"),
    ROW("money.expectation_speed", PARAM_DOUBLE, money.expectation_speed, 0.5, 0, 12, 0, NULL, "1/year", "beta: speed of adaptive inflation expectations"),
    ROW("money.velocity_min", PARAM_DOUBLE, money.velocity_min, 0.3, 0, 12, 1, NULL, "1/year", "lower clamp of hoarding velocity"),
    ROW("money.velocity_max", PARAM_DOUBLE, money.velocity_max, 5.0, 0, 12, 1, NULL, "1/year", "upper clamp of hoarding velocity (at most 12: nobody spends more than they hold)"),
    ROW("economy.productivity_growth_per_year", PARAM_DOUBLE, economy.productivity_growth_per_year, 0.015, -0.5, 1, 0, NULL, "1/year", "trend growth q of human output"),
    ROW("economy.labor_share", PARAM_DOUBLE, economy.labor_share, 0, 0, 1, 0, NULL, "-", "labour share omega; 0 = derived from wages so that M0 V0 = P0 Q0"),
    ROW("population.wage_sigma", PARAM_DOUBLE, population.wage_sigma, 0.5, 0, 3, 0, NULL, "-", "sigma of the mean-preserving lognormal wage within an occupation"),
    ROW("ai.enabled", PARAM_BOOL, ai.enabled, 1, 0, 1, 0, NULL, "-", "AI automates jobs"),
    ROW("ai.growth_per_year", PARAM_DOUBLE, ai.growth_per_year, 10.0, 0, 1e6, 1, NULL, "factor/year", "AI capability A(t) = growth^years (the seed's 10x a year)"),
    ROW("ai.threshold", PARAM_DOUBLE, ai.threshold, 1.0, 0, 1e12, 1, NULL, "-", "capability a fully AI-exposed job needs"),
    ROW("ai.difficulty_span", PARAM_DOUBLE, ai.difficulty_span, 6.9, 0, 100, 0, NULL, "-", "ln of the extra capability an unexposed job needs (6.9 = ln 1000)"),
    ROW("ai.threshold_sigma", PARAM_DOUBLE, ai.threshold_sigma, 1.0, 0, 20, 0, NULL, "-", "sd of ln threshold within an occupation"),
    ROW("ai.output_elasticity", PARAM_DOUBLE, ai.output_elasticity, 0.5, 0, 3, 0, NULL, "-", "machine output of an AI slot a (A/theta)^beta"),
    ROW("robots.enabled", PARAM_BOOL, robots.enabled, 1, 0, 1, 0, NULL, "-", "humanoid robots automate jobs"),
    ROW("robots.start_year", PARAM_DOUBLE, robots.start_year, 2027.0, 1800, 3000, 0, NULL, "year", "calendar year robots start"),
    ROW("robots.growth_per_year", PARAM_FACTORS, robots.growth_per_year, 0, 0, 1e6, 1, NULL, "factor/year", "R(t) = product of factors^years since start (software, chips, dexterity)"),
    ROW("robots.threshold", PARAM_DOUBLE, robots.threshold, 1.0, 0, 1e12, 1, NULL, "-", "capability a fully robot-exposed job needs"),
    ROW("robots.difficulty_span", PARAM_DOUBLE, robots.difficulty_span, 6.9, 0, 100, 0, NULL, "-", "ln of the extra capability an unexposed job needs"),
    ROW("robots.threshold_sigma", PARAM_DOUBLE, robots.threshold_sigma, 1.0, 0, 20, 0, NULL, "-", "sd of ln threshold within an occupation"),
    ROW("robots.output_elasticity", PARAM_DOUBLE, robots.output_elasticity, 0.3, 0, 3, 0, NULL, "-", "machine output of a robot slot a (R/theta)^beta"),
    ROW("robots.fleet_initial", PARAM_DOUBLE, robots.fleet_initial, 1e4, 0, 1e12, 0, NULL, "job-equivalents", "robot fleet in the first robot month"),
    ROW("robots.replication_per_year", PARAM_DOUBLE, robots.replication_per_year, 1.5, 0, 24, 0, NULL, "1/year", "logistic self-replication rate r"),
    ROW("robots.fleet_max", PARAM_DOUBLE, robots.fleet_max, 0, 0, 1e12, 0, NULL, "job-equivalents", "fleet ceiling Fmax; 0 = all blue-collar employment"),
    ROW("energy.capacity_gw", PARAM_DOUBLE, energy.capacity_gw, 30, 0, 1e9, 0, NULL, "GW", "energy capacity for machines at month 0"),
    ROW("energy.growth_per_year", PARAM_DOUBLE, energy.growth_per_year, 0.15, -0.9, 10, 0, NULL, "1/year", "growth of energy capacity"),
    ROW("energy.added_gw_per_year", PARAM_DOUBLE, energy.added_gw_per_year, 0, 0, 1e9, 0, NULL, "GW/year", "linear additions (the seed's space solar: 100)"),
    ROW("energy.added_start_year", PARAM_DOUBLE, energy.added_start_year, 2030.0, 1800, 3000, 0, NULL, "year", "calendar year linear additions start"),
    ROW("energy.kwh_per_dollar", PARAM_DOUBLE, energy.kwh_per_dollar, 0.05, 0, 1e3, 1, NULL, "kWh/base-year $", "energy per dollar of machine output at month 0"),
    ROW("energy.efficiency_gain_per_year", PARAM_DOUBLE, energy.efficiency_gain_per_year, 0.3, 0, 0.99, 0, NULL, "1/year", "yearly fall of energy per dollar"),
    ROW("labor.adoption_per_year", PARAM_DOUBLE, labor.adoption_per_year, 1.0, 0, 1200, 0, NULL, "1/year", "automation hazard of a feasible job"),
    ROW("labor.reemployment_per_year", PARAM_DOUBLE, labor.reemployment_per_year, 0.5, 0, 12, 0, NULL, "1/year", "re-employment hazard of a displaced worker (reinstatement)"),
    ROW("labor.skill_loss", PARAM_DOUBLE, labor.skill_loss, 0.2, 0, 0.99, 0, NULL, "-", "share of output lost with each new job"),
    ROW("labor.new_task_headroom", PARAM_DOUBLE, labor.new_task_headroom, 3.4, 0, 100, 0, NULL, "-", "ln margin of a new job's threshold over today's frontier (3.4 = ln 30)"),
    ROW("ownership.distribution", PARAM_ENUM, ownership.distribution, OWNERSHIP_PARETO, 0, 0, 0, "pareto|equal", "-", "capital ownership: Pareto quantile grid, or equal shares"),
    ROW("ownership.pareto_alpha", PARAM_DOUBLE, ownership.pareto_alpha, 1.06, 0.1, 100, 0, NULL, "-", "Pareto tail index of ownership (1.06: top 10 % own 87 % in the continuous limit, 81 % on the 1e5-agent grid)"),
    ROW("ownership.wage_correlation", PARAM_DOUBLE, ownership.wage_correlation, 0.5, -1, 1, 0, NULL, "-", "rho of the Gaussian copula between wage rank and ownership rank"),
    ROW("ownership.non_owner_share", PARAM_DOUBLE, ownership.non_owner_share, 0.38, 0, 1, 0, NULL, "-", "share owning no capital (about 38 % of US adults own no stock, Gallup 2024)"),
    ROW("policy.money.rule", PARAM_ENUM, policy.money.rule, MONEY_RULE_FIXED, 0, 0, 0, "fixed|growth|price_target|ngdp_target", "-", "money rule"),
    ROW("policy.money.channel", PARAM_ENUM, policy.money.channel, CHANNEL_DIVIDEND, 0, 0, 0, "dividend|displaced|owners|proportional", "-", "who receives new money"),
    ROW("policy.money.growth_per_year", PARAM_DOUBLE, policy.money.growth_per_year, 0.05, -0.5, 10, 0, NULL, "1/year", "money growth of the `growth` rule"),
    ROW("policy.money.target_inflation", PARAM_DOUBLE, policy.money.target_inflation, 0.02, -0.5, 10, 0, NULL, "1/year", "price path of the `price_target` rule"),
    ROW("policy.money.ngdp_growth_per_year", PARAM_DOUBLE, policy.money.ngdp_growth_per_year, 0.04, -0.5, 10, 0, NULL, "1/year", "nominal spending path of the `ngdp_target` rule"),
    ROW("policy.ubi.tax_rate", PARAM_DOUBLE, policy.ubi.tax_rate, 0.0, 0, 1, 0, NULL, "-", "tax on capital income paid out as an equal UBI"),
    ROW("data.occupations_csv", PARAM_PATH, data.occupations_csv, 0, 0, 0, 0, NULL, "path", "CSV occupation table (code,name,class,employment,mean_wage,ai_exposure,robot_exposure)"),
    ROW("data.employment_total", PARAM_DOUBLE, data.employment_total, 0, 0, 1e12, 0, NULL, "workers", "total employment L when the table gives `share` instead of `employment`"),
};
// clang-format on
enum { N_SPECS = sizeof SPECS / sizeof SPECS[0] };
_Static_assert((int)N_SPECS <= (int)PARAMS_MAX, "raise PARAMS_MAX");

static const double ROBOT_GROWTH_DEFAULT[] = {2.0, 1.5, 1.5}; /* software, chips, dexterity */

/* Keys that are not table rows but are valid at the top level of a file. */
static const char *const EXTRA_KEYS[] = {"extends", "occupations"};

int params_count(void) { return N_SPECS; }
const char *params_key(int i) { return SPECS[i].key; }
const char *params_unit(int i) { return SPECS[i].unit; }
const char *params_help(int i) { return SPECS[i].help; }

static void *field(Params *p, const ParamSpec *s) { return (char *)p + s->offset; }
static const void *cfield(const Params *p, const ParamSpec *s)
{
    return (const char *)p + s->offset;
}

void params_set_defaults(Params *p)
{
    memset(p, 0, sizeof *p);
    for (int i = 0; i < N_SPECS; i++) {
        const ParamSpec *s = &SPECS[i];
        switch (s->type) {
        case PARAM_INT:
            *(int64_t *)field(p, s) = (int64_t)s->def;
            break;
        case PARAM_SEED:
            *(uint64_t *)field(p, s) = (uint64_t)s->def;
            break;
        case PARAM_DOUBLE:
            *(double *)field(p, s) = s->def;
            break;
        case PARAM_BOOL:
            *(bool *)field(p, s) = s->def != 0;
            break;
        case PARAM_ENUM:
            *(int *)field(p, s) = (int)s->def;
            break;
        case PARAM_FACTORS:
            memcpy(p->robots.growth_per_year, ROBOT_GROWTH_DEFAULT, sizeof ROBOT_GROWTH_DEFAULT);
            p->robots.growth_factors = 3;
            break;
        case PARAM_PATH:
            ((char *)field(p, s))[0] = '\0';
            break;
        }
        snprintf(p->origin[i], sizeof p->origin[i], "default");
    }
    snprintf(p->occupations_origin, sizeof p->occupations_origin, "none");
}

void params_free(Params *p)
{
    free(p->occupations.rows);
    p->occupations.rows = NULL;
    p->occupations.count = 0;
}

static const ParamSpec *find_spec(const char *key, int *index)
{
    for (int i = 0; i < N_SPECS; i++)
        if (strcmp(SPECS[i].key, key) == 0) {
            if (index)
                *index = i;
            return &SPECS[i];
        }
    return NULL;
}

/* True if `prefix` names a group of the table ("money", "policy.money"). */
static bool is_group(const char *prefix)
{
    size_t n = strlen(prefix);
    for (int i = 0; i < N_SPECS; i++)
        if (strncmp(SPECS[i].key, prefix, n) == 0 && SPECS[i].key[n] == '.')
            return true;
    return false;
}

/* How far `key` is from the known name `known`: the edit distance, or that of
 * the last parts when `key` has no dot ("velocty" finds money.velocity), or 1
 * when only the group is wrong (money.tax_rate finds policy.ubi.tax_rate). */
static int key_distance(const char *key, const char *known)
{
    int d = suggest_distance(key, known);
    const char *leaf = strrchr(known, '.');
    const char *key_leaf = strrchr(key, '.');
    if (leaf != NULL && key_leaf == NULL) {
        int d2 = suggest_distance(key, leaf + 1);
        if (d2 < d)
            d = d2;
    } else if (leaf != NULL && strcmp(key_leaf, leaf) == 0 && d > 1) {
        d = 1;
    }
    return d;
}

/* Writes " (did you mean 'x'?)" into buf for the known key closest to `key`, or a
 * pointer to the list of keys. With `groups`, the candidates are the groups
 * ("money", "policy.money") instead of the keys. */
static void suggest(const char *key, bool groups, char *buf, size_t size)
{
    char best[128] = "";
    int best_d = INT_MAX;
    for (int i = 0; i < N_SPECS; i++) {
        const char *k = SPECS[i].key;
        if (!groups) {
            int d = key_distance(key, k);
            if (d < best_d) {
                best_d = d;
                snprintf(best, sizeof best, "%s", k);
            }
            continue;
        }
        for (const char *dot = strchr(k, '.'); dot; dot = strchr(dot + 1, '.')) {
            char group[128];
            snprintf(group, sizeof group, "%.*s", (int)(dot - k), k);
            int d = key_distance(key, group);
            if (d < best_d) {
                best_d = d;
                snprintf(best, sizeof best, "%s", group);
            }
        }
    }
    for (size_t i = 0; !groups && i < sizeof EXTRA_KEYS / sizeof EXTRA_KEYS[0]; i++) {
        int d = suggest_distance(key, EXTRA_KEYS[i]);
        if (d < best_d) {
            best_d = d;
            snprintf(best, sizeof best, "%s", EXTRA_KEYS[i]);
        }
    }
    if (best[0] != '\0' && suggest_is_close(key, best_d))
        snprintf(buf, size, " (did you mean '%s'?)", best);
    else
        snprintf(buf, size, " (run 'uhisim validate' on a config to list every key)");
}

/* Where a setting comes from, for messages and origins. */
typedef struct Layer {
    const char *label;  /* file path, or "--set" */
    const char *text;   /* --set: the generated config text; NULL for files */
    const SourceText *src; /* files: the text parsed, mapping its lines to files; NULL for --set */
    char dir[PARAM_PATH_MAX]; /* folder that relative paths are resolved against */
} Layer;


static void where(const config_setting_t *s, const Layer *layer, char *buf, size_t size)
{
    if (layer->text != NULL) {
        snprintf(buf, size, "--set");
        return;
    }
    source_where(layer->src, config_setting_source_line(s), buf, size);
}

static const char *type_word(int type)
{
    switch (type) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        return "an integer";
    case CONFIG_TYPE_FLOAT:
        return "a real number";
    case CONFIG_TYPE_STRING:
        return "a string";
    case CONFIG_TYPE_BOOL:
        return "a boolean";
    case CONFIG_TYPE_ARRAY:
        return "an array";
    case CONFIG_TYPE_LIST:
        return "a list";
    case CONFIG_TYPE_GROUP:
        return "a group";
    }
    return "something else";
}

/* Writes a parameter's range and unit: "(0, 12] 1/year". */
static void range_text(const ParamSpec *spec, char *buf, size_t size)
{
    char lo[32], hi[32];
    number_format(spec->lo, lo, sizeof lo);
    number_format(spec->hi, hi, sizeof hi);
    snprintf(buf, size, "%s%s, %s] %s", spec->lo_open ? "(" : "[", lo, hi, spec->unit);
}

/* Describes what a parameter accepts, for messages: "a number in (0, 12] 1/year". */
static void describe(const ParamSpec *spec, char *buf, size_t size)
{
    char range[120];
    range_text(spec, range, sizeof range);
    switch (spec->type) {
    case PARAM_INT:
        snprintf(buf, size, "a whole number in %s", range);
        break;
    case PARAM_SEED:
        snprintf(buf, size, "a whole number in [0, 9223372036854775807] (use an L suffix above "
                            "2147483647 in a file)");
        break;
    case PARAM_DOUBLE:
        snprintf(buf, size, "a number in %s", range);
        break;
    case PARAM_BOOL:
        snprintf(buf, size, "true or false");
        break;
    case PARAM_ENUM:
        snprintf(buf, size, "one of \"%s\" (a string)", spec->names);
        break;
    case PARAM_FACTORS:
        snprintf(buf, size, "an array of 1 to %d numbers in (0, 1e6], e.g. [2.0, 1.5, 1.5]",
                 ROBOT_FACTORS_MAX);
        break;
    case PARAM_PATH:
        snprintf(buf, size, "a file path (a string)");
        break;
    }
}

static SimStatus check_range(const ParamSpec *spec, double v, const char *loc, SimError *err)
{
    char range[120], value[32];
    range_text(spec, range, sizeof range);
    if (!isfinite(v))
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%s: %s is not a finite number (1e400 and the like overflow); expected a "
                        "value in %s",
                        loc, spec->key, range);
    number_format(v, value, sizeof value);
    if (v < spec->lo || (spec->lo_open && v == spec->lo) || v > spec->hi)
        return sim_fail(err, SIM_ERR_CONFIG, "%s: %s = %s is outside its range %s", loc, spec->key,
                        value, range);
    return SIM_OK;
}

/* Reads a number setting (int, int64 or float) into *out; integers are checked
 * against their written literal. */
static SimStatus read_number(const config_setting_t *s, const Layer *layer, const ParamSpec *spec,
                             bool whole, double *out, long long *out_int, SimError *err)
{
    const char *key = spec->key;
    char loc[PARAM_ORIGIN_MAX], expected[200];
    describe(spec, expected, sizeof expected);
    where(s, layer, loc, sizeof loc);
    int type = config_setting_type(s);
    if (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64) {
        /* scan_literals() has already rejected a literal libconfig wrapped */
        long long v = type == CONFIG_TYPE_INT ? config_setting_get_int(s)
                                              : config_setting_get_int64(s);
        *out = (double)v;
        if (out_int)
            *out_int = v;
        return SIM_OK;
    }
    if (type == CONFIG_TYPE_FLOAT && !whole) {
        *out = config_setting_get_float(s);
        return SIM_OK;
    }
    if (type == CONFIG_TYPE_FLOAT) {
        /* `agents = 1e5;` is a whole number and exact below 2^53: take it. A fraction
         * is never truncated, and a seed must be an integer literal, as a double
         * cannot hold every 64-bit seed. */
        double v = config_setting_get_float(s);
        char text[32];
        number_format(v, text, sizeof text);
        if (!isfinite(v))
            return check_range(spec, v, loc, err);
        if (v == floor(v) && fabs(v) <= 9007199254740992.0 && spec->type == PARAM_INT) {
            *out = v;
            *out_int = (long long)v;
            return SIM_OK;
        }
        if (v == floor(v))
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: %s = %s must be written as an integer, e.g. 42, or "
                            "12345678901234L above 2147483647 (a real number cannot hold every "
                            "64-bit seed)",
                            loc, key, text);
        return sim_fail(err, SIM_ERR_CONFIG, "%s: %s = %s must be %s; a fraction is not truncated",
                        loc, key, text, expected);
    }
    return sim_fail(err, SIM_ERR_CONFIG, "%s: %s must be %s, got %s", loc, key, expected,
                    type_word(type));
}

static SimStatus store(Params *p, int index, const config_setting_t *s, const Layer *layer,
                       SimError *err)
{
    const ParamSpec *spec = &SPECS[index];
    char loc[PARAM_ORIGIN_MAX];
    where(s, layer, loc, sizeof loc);
    int type = config_setting_type(s);
    SimStatus st = SIM_OK;
    double v = 0;
    long long iv = 0;

    switch (spec->type) {
    case PARAM_INT:
        if ((st = read_number(s, layer, spec, true, &v, &iv, err)) != SIM_OK)
            return st;
        if ((st = check_range(spec, (double)iv, loc, err)) != SIM_OK)
            return st;
        *(int64_t *)field(p, spec) = iv;
        break;
    case PARAM_SEED:
        if ((st = read_number(s, layer, spec, true, &v, &iv, err)) != SIM_OK)
            return st;
        if (iv < 0)
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: %s = %lld is outside its range [0, 9223372036854775807]", loc,
                            spec->key, iv);
        *(uint64_t *)field(p, spec) = (uint64_t)iv;
        break;
    case PARAM_DOUBLE:
        if ((st = read_number(s, layer, spec, false, &v, NULL, err)) != SIM_OK)
            return st;
        if ((st = check_range(spec, v, loc, err)) != SIM_OK)
            return st;
        *(double *)field(p, spec) = v;
        break;
    case PARAM_BOOL:
        if (type != CONFIG_TYPE_BOOL)
            return sim_fail(err, SIM_ERR_CONFIG, "%s: %s must be true or false, got %s", loc,
                            spec->key, type_word(type));
        *(bool *)field(p, spec) = config_setting_get_bool(s) != 0;
        break;
    case PARAM_ENUM: {
        if (type != CONFIG_TYPE_STRING)
            return sim_fail(err, SIM_ERR_CONFIG, "%s: %s must be one of \"%s\" (a string), got %s",
                            loc, spec->key, spec->names, type_word(type));
        const char *text = config_setting_get_string(s);
        int k = 0, best = -1, best_d = INT_MAX;
        const char *q = spec->names;
        while (*q) {
            size_t n = strcspn(q, "|");
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)n, q);
            if (strcmp(name, text) == 0) {
                *(int *)field(p, spec) = k;
                goto stored;
            }
            int d = suggest_distance(text, name);
            if (d < best_d) {
                best_d = d;
                best = k;
            }
            q += n + (q[n] == '|');
            k++;
        }
        char hint[96] = "";
        q = spec->names;
        for (int j = 0; j < best; j++)
            q += strcspn(q, "|") + 1;
        if (suggest_is_close(text, best_d))
            snprintf(hint, sizeof hint, " (did you mean \"%.*s\"?)", (int)strcspn(q, "|"), q);
        return sim_fail(err, SIM_ERR_CONFIG, "%s: %s = \"%s\" is not one of \"%s\"%s", loc,
                        spec->key, text, spec->names, hint);
    }
    case PARAM_FACTORS: {
        if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: %s must be an array of 1 to %d numbers, e.g. [2.0, 1.5, 1.5]; got %s",
                            loc, spec->key, ROBOT_FACTORS_MAX, type_word(type));
        int n = config_setting_length(s);
        if (n < 1 || n > ROBOT_FACTORS_MAX)
            return sim_fail(err, SIM_ERR_CONFIG, "%s: %s has %d factors; expected 1 to %d", loc,
                            spec->key, n, ROBOT_FACTORS_MAX);
        double tmp[ROBOT_FACTORS_MAX];
        for (int j = 0; j < n; j++) {
            const config_setting_t *e = config_setting_get_elem(s, (unsigned)j);
            char ekey[96];
            snprintf(ekey, sizeof ekey, "%s[%d]", spec->key, j);
            int et = config_setting_type(e);
            if (et == CONFIG_TYPE_FLOAT)
                tmp[j] = config_setting_get_float(e);
            else if (et == CONFIG_TYPE_INT || et == CONFIG_TYPE_INT64)
                tmp[j] = (double)config_setting_get_int64(e);
            else
                return sim_fail(err, SIM_ERR_CONFIG, "%s: %s must be a number, got %s", loc, ekey,
                                type_word(et));
            if ((st = check_range(spec, tmp[j], loc, err)) != SIM_OK)
                return st;
        }
        memcpy(p->robots.growth_per_year, tmp, (size_t)n * sizeof tmp[0]);
        p->robots.growth_factors = n;
        break;
    }
    case PARAM_PATH: {
        if (type != CONFIG_TYPE_STRING)
            return sim_fail(err, SIM_ERR_CONFIG, "%s: %s must be a string (a file path), got %s",
                            loc, spec->key, type_word(type));
        const char *text = config_setting_get_string(s);
        char *dst = field(p, spec);
        if (text[0] == '\0')
            dst[0] = '\0';
        else
            files_join(dst, PARAM_PATH_MAX, layer->dir, text);
        /* A CSV table replaces any table given before it. */
        params_free(p);
        snprintf(p->occupations_origin, sizeof p->occupations_origin, "%s", loc);
        break;
    }
    }
stored:
    snprintf(p->origin[index], sizeof p->origin[index], "%s", loc);
    return SIM_OK;
}

static SimStatus apply_group(Params *p, const config_setting_t *group, const char *prefix,
                             const Layer *layer, SimError *err)
{
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(s);
        char key[256], loc[PARAM_ORIGIN_MAX];
        snprintf(key, sizeof key, "%s%s%s", prefix, prefix[0] ? "." : "", name);
        where(s, layer, loc, sizeof loc);
        SimStatus st = SIM_OK;
        int index;

        if (prefix[0] == '\0' && strcmp(name, "extends") == 0) {
            if (layer->text != NULL)
                return sim_fail(err, SIM_ERR_CONFIG, "--set: 'extends' can only be used in a file");
            continue; /* handled before this layer */
        } else if (prefix[0] == '\0' && strcmp(name, "occupations") == 0) {
            OccupationTable table = {0};
            st = occupations_from_setting(s, loc, layer->src, &table, err);
            if (st == SIM_OK) {
                params_free(p);
                p->occupations = table;
                p->data.occupations_csv[0] = '\0';
                snprintf(p->occupations_origin, sizeof p->occupations_origin, "%s", loc);
            }
        } else if (find_spec(key, &index) != NULL) {
            /* before the group test: `velocity = { ... }` is a wrong type, not a group */
            st = store(p, index, s, layer, err);
        } else if (config_setting_is_group(s)) {
            if (!is_group(key)) {
                char hint[160];
                suggest(key, true, hint, sizeof hint);
                return sim_fail(err, SIM_ERR_CONFIG, "%s: unknown group '%s'%s", loc, key, hint);
            }
            st = apply_group(p, s, key, layer, err);
        } else if (is_group(key)) {
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: %s must be a group of keys, e.g. %s = { ... };, got %s", loc, key,
                            key, type_word(config_setting_type(s)));
        } else {
            char hint[160];
            suggest(key, false, hint, sizeof hint);
            return sim_fail(err, SIM_ERR_CONFIG, "%s: unknown key '%s'%s", loc, key, hint);
        }
        if (st != SIM_OK)
            return st;
    }
    return SIM_OK;
}

/* Reports a libconfig parse error with the text of the line it names (its
 * messages are terse: "syntax error") and, for the usual causes, what to do. */
static SimStatus parse_failure(const config_t *cfg, const SourceText *src, SimError *err)
{
    const char *text = config_error_text(cfg);
    int line = config_error_line(cfg);
    char loc[PARAM_ORIGIN_MAX], src_line[4096], shown[200] = "";
    char hint[2 * PARAM_ORIGIN_MAX + 1400] = "";
    source_where(src, (unsigned)line, loc, sizeof loc);
    source_line_text(src, (unsigned)line, src_line, sizeof src_line);
    const char *t = src_line + strspn(src_line, " \t");
    if (t[0] != '\0')
        snprintf(shown, sizeof shown, " in `%.120s%s`", t, strlen(t) > 120 ? "..." : "");
    size_t name_len = strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-*");
    char key[512], first_key[512], first[PARAM_ORIGIN_MAX];
    unsigned first_line = 0;
    bool duplicate = strcmp(text, "duplicate setting name") == 0;
    if (duplicate && literals_duplicate(src->text, (unsigned)line, key, sizeof key, first_key,
                                        sizeof first_key, &first_line)) {
        source_where(src, first_line, first, sizeof first);
        if (strcmp(key, first_key) == 0)
            snprintf(hint, sizeof hint,
                     ": %s is set twice, at %s and at %s (a key may appear once per file; a "
                     "scenario overrides another file's keys through `extends`)",
                     key, first, loc);
        else
            snprintf(hint, sizeof hint,
                     ": `%s` repeats %s `%s` set at %s (a dotted key is --set syntax; in a file "
                     "write the key inside its group, e.g. money = { velocity = 1.5; stock = "
                     "2e13; };)",
                     key, strlen(first_key) < strlen(key) ? "the group" : "the key", first_key,
                     first);
    } else if (duplicate) {
        snprintf(hint, sizeof hint,
                 " (a key may appear once per file; a scenario overrides another file's keys "
                 "through `extends`)");
    } else if (isalpha((unsigned char)t[0]) && name_len > 0 && t[name_len] == '.') {
        snprintf(hint, sizeof hint,
                 " (a dotted key is --set syntax; in a file write a group, e.g. "
                 "money = { velocity = 1.5; };)");
    }
    return sim_fail(err, SIM_ERR_CONFIG, "%s: %s%s%s", loc, text, shown, hint);
}

static SimStatus load_layer(Params *p, const char *path, int depth, SimError *err);

/* Applies one file (or text) read into src; `dir` is the folder its paths are
 * relative to. Frees src. */
static SimStatus load_source(Params *p, const char *path, const char *dir, SourceText *src,
                             int depth, SimError *err)
{
    SimStatus st;
    Layer layer = {.label = path, .text = NULL, .src = src};
    snprintf(layer.dir, sizeof layer.dir, "%s", dir);

    config_t cfg;
    config_init(&cfg);
    if (config_read_string(&cfg, src->text) != CONFIG_TRUE) {
        st = parse_failure(&cfg, src, err);
        goto done;
    }
    if ((st = literals_check(src->text, src, err)) != SIM_OK)
        goto done;
    const config_setting_t *root = config_root_setting(&cfg);
    const config_setting_t *ext = config_setting_get_member(root, "extends");
    if (ext != NULL) {
        char loc[PARAM_ORIGIN_MAX];
        source_where(src, config_setting_source_line(ext), loc, sizeof loc);
        if (config_setting_type(ext) != CONFIG_TYPE_STRING) {
            st = sim_fail(err, SIM_ERR_CONFIG, "%s: extends must be a string (a config path)",
                          loc);
            goto done;
        }
        char base[PARAM_PATH_MAX];
        files_join(base, sizeof base, layer.dir, config_setting_get_string(ext));
        struct stat info;
        if (stat(base, &info) != 0) {
            st = sim_fail(err, SIM_ERR_CONFIG,
                          "%s: extends = \"%s\": cannot open '%s': %s (the path is relative "
                          "to the extending file)",
                          loc, config_setting_get_string(ext), base, strerror(errno));
            goto done;
        }
        if ((st = load_layer(p, base, depth + 1, err)) != SIM_OK)
            goto done;
    }
    st = apply_group(p, root, "", &layer, err);
done:
    config_destroy(&cfg);
    source_free(src);
    return st;
}

static SimStatus load_layer(Params *p, const char *path, int depth, SimError *err)
{
    if (depth > 16)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%s: 'extends' nests more than 16 files deep (a cycle?)", path);
    /* read once: a config may come from a pipe (<(cat cfg)), which has no second reading */
    SourceText src;
    SimStatus st = source_read(path, &src, err);
    if (st != SIM_OK) {
        source_free(&src);
        return st;
    }
    char copy[PARAM_PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    return load_source(p, path, dirname(copy), &src, depth, err);
}

SimStatus params_load_file(Params *p, const char *path, SimError *err)
{
    return load_layer(p, path, 0, err);
}

SimStatus params_load_text(Params *p, const char *label, const char *text, SimError *err)
{
    SourceText src;
    SimStatus st = source_read_text(label, text, strlen(text), &src, err);
    if (st != SIM_OK) {
        source_free(&src);
        return st;
    }
    return load_source(p, label, ".", &src, 0, err);
}

/* True if the text built for --set holds one setting: the root and each group
 * on the key's path have one member (a value like `1; stock = 2` would add more). */
static bool holds_one_setting(const config_setting_t *root, int levels)
{
    const config_setting_t *s = root;
    for (int l = 0; l < levels; l++) {
        if (!config_setting_is_group(s) || config_setting_length(s) != 1)
            return false;
        s = config_setting_get_elem(s, 0);
    }
    return true;
}

SimStatus params_apply_override(Params *p, const char *assignment, SimError *err)
{
    const char *eq = strchr(assignment, '=');
    if (eq == NULL || eq == assignment)
        return sim_fail(err, SIM_ERR_USAGE, "--set %s: expected KEY=VALUE, e.g. --set money.velocity=1.5",
                        assignment);
    char key[256];
    snprintf(key, sizeof key, "%.*s", (int)(eq - assignment), assignment);
    const char *value = eq + 1;
    if (files_utf8_prefix(assignment, strlen(assignment)) != strlen(assignment))
        return sim_fail(err, SIM_ERR_CONFIG,
                        "--set %s: the value holds bytes that are not UTF-8 text", key);
    /* libconfig's scanner calls exit() on some @include lines: never hand it one */
    if (strstr(value, "@include") != NULL)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "--set %s: '@include' is config-file syntax; --set takes one value", key);
    int index;
    const ParamSpec *spec = find_spec(key, &index);
    if (spec == NULL) {
        for (size_t i = 0; i < sizeof EXTRA_KEYS / sizeof EXTRA_KEYS[0]; i++)
            if (strcmp(key, EXTRA_KEYS[i]) == 0)
                return sim_fail(err, SIM_ERR_CONFIG,
                                "--set %s: '%s' can only be given in a config file", key, key);
        if (is_group(key)) {
            const char *example = key;
            for (int i = 0; i < N_SPECS; i++)
                if (strncmp(SPECS[i].key, key, strlen(key)) == 0 && SPECS[i].key[strlen(key)] == '.') {
                    example = SPECS[i].key;
                    break;
                }
            return sim_fail(err, SIM_ERR_CONFIG,
                            "--set %s: '%s' is a group; --set takes one key, e.g. --set %s=...",
                            key, key, example);
        }
        char hint[160];
        suggest(key, false, hint, sizeof hint);
        return sim_fail(err, SIM_ERR_CONFIG, "--set: unknown key '%s'%s", key, hint);
    }
    bool wants_string = spec->type == PARAM_ENUM || spec->type == PARAM_PATH;
    /* A whole number on the command line is meant as written: give it libconfig's
     * 64-bit `L` suffix so that --seed 12345678901234 is not wrapped to 32 bits. */
    size_t digits = strspn(value + (value[0] == '-' || value[0] == '+'), "0123456789");
    bool plain_integer = digits > 0 && value[(value[0] == '-' || value[0] == '+') + digits] == '\0';
    /* Build "a : { b : { c = VALUE; }; };" so the value goes through the file path. */
    size_t size = strlen(key) * 3 + strlen(value) * 2 + 64;
    char *text = malloc(size);
    if (text == NULL)
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory");
    SimStatus st = SIM_OK;
    for (int attempt = 0; attempt < 2 && st == SIM_OK; attempt++) {
        bool quote = attempt == 1 || (wants_string && value[0] != '"');
        size_t o = 0;
        int depth = 0;
        const char *part = key;
        for (;;) {
            size_t n = strcspn(part, ".");
            if (part[n] == '\0') {
                o += (size_t)snprintf(text + o, size - o, "%.*s = ", (int)n, part);
                break;
            }
            o += (size_t)snprintf(text + o, size - o, "%.*s : { ", (int)n, part);
            depth++;
            part += n + 1;
        }
        if (quote) {
            text[o++] = '"';
            for (const char *c = value; *c; c++) {
                if (*c == '"' || *c == '\\')
                    text[o++] = '\\';
                text[o++] = *c;
            }
            text[o++] = '"';
        } else {
            o += (size_t)snprintf(text + o, size - o, "%s%s", value, plain_integer ? "L" : "");
        }
        o += (size_t)snprintf(text + o, size - o, ";");
        for (int d = 0; d < depth; d++)
            o += (size_t)snprintf(text + o, size - o, " };");
        text[o] = '\0';

        config_t cfg;
        config_init(&cfg);
        if (config_read_string(&cfg, text) != CONFIG_TRUE) {
            /* config_destroy() frees the error text: copy it first */
            char why[128], expected[200];
            snprintf(why, sizeof why, "%s", config_error_text(&cfg));
            config_destroy(&cfg);
            if (!quote && wants_string)
                continue;
            describe(spec, expected, sizeof expected);
            st = sim_fail(err, SIM_ERR_CONFIG,
                          "--set %s: cannot read '%s' (%s); %s expects %s",
                          key, value, why, key, expected);
            break;
        }
        if (!holds_one_setting(config_root_setting(&cfg), depth + 1))
            st = sim_fail(err, SIM_ERR_CONFIG,
                          "--set %s: '%s' is more than one value; give each key its own --set",
                          key, value);
        else if ((st = literals_check(text, NULL, err)) == SIM_OK) {
            Layer layer = {.label = "--set", .text = text, .dir = ""};
            st = apply_group(p, config_root_setting(&cfg), "", &layer, err);
        }
        config_destroy(&cfg);
        break;
    }
    free(text);
    return st;
}

double params_fleet_max(const Params *p)
{
    if (p->robots.fleet_max > 0)
        return p->robots.fleet_max;
    double blue = 0;
    for (int o = 0; o < p->occupations.count; o++)
        if (p->occupations.rows[o].job_class == CLASS_BLUE)
            blue += p->occupations.rows[o].employment;
    return blue;
}

static const char *origin_of(const Params *p, const char *key)
{
    int index = 0;
    find_spec(key, &index);
    return p->origin[index];
}

SimStatus params_validate(Params *p, SimError *err)
{
    SimStatus st;
    /* messages about a CSV table name both the CSV and the setting that named it */
    char origin[PARAM_PATH_MAX + PARAM_ORIGIN_MAX + 64];
    snprintf(origin, sizeof origin, "%s", p->occupations_origin);
    if (p->data.occupations_csv[0] != '\0') {
        snprintf(origin, sizeof origin, "%s (data.occupations_csv, %s)", p->data.occupations_csv,
                 p->occupations_origin);
        if (p->occupations.count == 0) {
            char where[PARAM_ORIGIN_MAX + 4];
            snprintf(where, sizeof where, "%s: ", p->occupations_origin);
            OccupationTable table = {0};
            if ((st = occupations_load_csv(p->data.occupations_csv, where, &table, err)) != SIM_OK)
                return st;
            p->occupations = table;
        }
    }
    if (p->occupations.count == 0)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "the occupation table is empty: give `occupations = ( {...}, ... );` in a "
                        "config (see configs/tables/us_occupations.cfg) or data.occupations_csv");
    if ((st = occupations_finish(&p->occupations, p->data.employment_total, origin, err)) !=
        SIM_OK)
        return st;
    if (p->money.velocity_min > p->money.velocity_max)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "money.velocity_min = %g (%s) is above money.velocity_max = %g (%s)",
                        p->money.velocity_min, origin_of(p, "money.velocity_min"),
                        p->money.velocity_max, origin_of(p, "money.velocity_max"));
    if (p->money.velocity_mode == VELOCITY_HOARDING &&
        (p->money.velocity < p->money.velocity_min || p->money.velocity > p->money.velocity_max))
        return sim_fail(err, SIM_ERR_CONFIG,
                        "money.velocity = %g must lie in [money.velocity_min, money.velocity_max] "
                        "= [%g, %g] when money.velocity_mode = \"hoarding\"",
                        p->money.velocity, p->money.velocity_min, p->money.velocity_max);
    double non_owners = floor(p->ownership.non_owner_share * (double)p->run.agents);
    if (p->ownership.distribution == OWNERSHIP_PARETO && non_owners >= (double)p->run.agents)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "ownership.non_owner_share = %g leaves no owner among run.agents = %lld; "
                        "capital income would have nobody to go to",
                        p->ownership.non_owner_share, (long long)p->run.agents);
    if (p->robots.enabled && params_fleet_max(p) <= 0)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "robots.fleet_max = 0 means all blue-collar employment, but the occupation "
                        "table has none; set robots.fleet_max > 0 or robots.enabled = false");
    return SIM_OK;
}

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
    const ParamSpec *s = &SPECS[i];
    const void *f = cfield(p, s);
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
    const ParamSpec *s = &SPECS[i];
    const void *f = cfield(p, s);
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
    for (int i = 0; i < N_SPECS; i++) {
        const char *key = SPECS[i].key;
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
            seen = strncmp(SPECS[j].key, key, len + n + 1) == 0;
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
