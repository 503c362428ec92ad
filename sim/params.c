/* params.c - Strict loading of libconfig files and --set overrides into Params
 * (the table itself is in params_table.c, cross-key checks in params_validate.c).
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
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libconfig.h>

#include "files.h"
#include "literals.h"
#include "number.h"
#include "occupations.h"
#include "params_spec.h"
#include "source.h"
#include "suggest.h"

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

static SimStatus check_range(const ParamSpec *spec, double v, const char *loc, SimError *err)
{
    char range[120], value[32];
    params_spec_range_text(spec, range, sizeof range);
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
    params_spec_describe(spec, expected, sizeof expected);
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

/* Stores an enum setting: the index of its name in spec->names. */
static SimStatus store_enum(Params *p, const ParamSpec *spec, const config_setting_t *s,
                            const char *loc, SimError *err)
{
    int type = config_setting_type(s);
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
            *(int *)params_spec_field(p, spec) = k;
            return SIM_OK;
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

/* Stores robots.growth_per_year: an array or list of 1 to ROBOT_FACTORS_MAX numbers. */
static SimStatus store_factors(Params *p, const ParamSpec *spec, const config_setting_t *s,
                               const char *loc, SimError *err)
{
    int type = config_setting_type(s);
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
        SimStatus st = check_range(spec, tmp[j], loc, err);
        if (st != SIM_OK)
            return st;
    }
    memcpy(p->robots.growth_per_year, tmp, (size_t)n * sizeof tmp[0]);
    p->robots.growth_factors = n;
    return SIM_OK;
}

static SimStatus store(Params *p, int index, const config_setting_t *s, const Layer *layer,
                       SimError *err)
{
    const ParamSpec *spec = params_spec(index);
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
        *(int64_t *)params_spec_field(p, spec) = iv;
        break;
    case PARAM_SEED:
        if ((st = read_number(s, layer, spec, true, &v, &iv, err)) != SIM_OK)
            return st;
        if (iv < 0)
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: %s = %lld is outside its range [0, 9223372036854775807]", loc,
                            spec->key, iv);
        *(uint64_t *)params_spec_field(p, spec) = (uint64_t)iv;
        break;
    case PARAM_DOUBLE:
        if ((st = read_number(s, layer, spec, false, &v, NULL, err)) != SIM_OK)
            return st;
        if ((st = check_range(spec, v, loc, err)) != SIM_OK)
            return st;
        *(double *)params_spec_field(p, spec) = v;
        break;
    case PARAM_BOOL:
        if (type != CONFIG_TYPE_BOOL)
            return sim_fail(err, SIM_ERR_CONFIG, "%s: %s must be true or false, got %s", loc,
                            spec->key, type_word(type));
        *(bool *)params_spec_field(p, spec) = config_setting_get_bool(s) != 0;
        break;
    case PARAM_ENUM:
        if ((st = store_enum(p, spec, s, loc, err)) != SIM_OK)
            return st;
        break;
    case PARAM_FACTORS:
        if ((st = store_factors(p, spec, s, loc, err)) != SIM_OK)
            return st;
        break;
    case PARAM_PATH: {
        if (type != CONFIG_TYPE_STRING)
            return sim_fail(err, SIM_ERR_CONFIG, "%s: %s must be a string (a file path), got %s",
                            loc, spec->key, type_word(type));
        const char *text = config_setting_get_string(s);
        char *dst = params_spec_field(p, spec);
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
        } else if (params_spec_find(key, &index) != NULL) {
            /* before the group test: `velocity = { ... }` is a wrong type, not a group */
            st = store(p, index, s, layer, err);
        } else if (config_setting_is_group(s)) {
            if (!params_spec_is_group(key)) {
                char hint[160];
                params_spec_suggest(key, true, hint, sizeof hint);
                return sim_fail(err, SIM_ERR_CONFIG, "%s: unknown group '%s'%s", loc, key, hint);
            }
            st = apply_group(p, s, key, layer, err);
        } else if (params_spec_is_group(key)) {
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: %s must be a group of keys, e.g. %s = { ... };, got %s", loc, key,
                            key, type_word(config_setting_type(s)));
        } else {
            char hint[160];
            params_spec_suggest(key, false, hint, sizeof hint);
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
    for (int k = 0; k < src.n_files; k++)
        params_note_input(p, src.files[k]);
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

/* Fails for a --set KEY that is not a table row: a key only a file may hold, a
 * group (with one of its keys as the example), or an unknown key (with a hint). */
static SimStatus override_key_failure(const char *key, SimError *err)
{
    if (params_spec_is_extra_key(key))
        return sim_fail(err, SIM_ERR_CONFIG, "--set %s: '%s' can only be given in a config file",
                        key, key);
    if (params_spec_is_group(key)) {
        const char *example = key;
        size_t n = strlen(key);
        for (int i = 0; i < params_count(); i++)
            if (strncmp(params_key(i), key, n) == 0 && params_key(i)[n] == '.') {
                example = params_key(i);
                break;
            }
        return sim_fail(err, SIM_ERR_CONFIG,
                        "--set %s: '%s' is a group; --set takes one key, e.g. --set %s=...", key,
                        key, example);
    }
    char hint[160];
    params_spec_suggest(key, false, hint, sizeof hint);
    return sim_fail(err, SIM_ERR_CONFIG, "--set: unknown key '%s'%s", key, hint);
}

/* Writes "a : { b : { c = VALUE; }; };" into text (size bytes, at least
 * 3 strlen(key) + 2 strlen(value) + 64) so the value goes through the file path;
 * with `quote`, VALUE is written as a string. Returns the number of groups opened. */
static int override_text(const char *key, const char *value, bool quote, char *text, size_t size)
{
    /* A whole number on the command line is meant as written: give it libconfig's
     * 64-bit `L` suffix so that --seed 12345678901234 is not wrapped to 32 bits. */
    size_t digits = strspn(value + (value[0] == '-' || value[0] == '+'), "0123456789");
    bool plain_integer = digits > 0 && value[(value[0] == '-' || value[0] == '+') + digits] == '\0';
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
    return depth;
}

/* Applies VALUE to row `spec` through the text override_text() builds in `text`.
 * When libconfig cannot read it and `may_retry`, sets *retry and returns SIM_OK
 * (the caller then tries again with the value quoted). */
static SimStatus override_try(Params *p, const ParamSpec *spec, const char *key, const char *value,
                              bool quote, bool may_retry, char *text, size_t size, bool *retry,
                              SimError *err)
{
    int depth = override_text(key, value, quote, text, size);
    config_t cfg;
    config_init(&cfg);
    SimStatus st = SIM_OK;
    if (config_read_string(&cfg, text) != CONFIG_TRUE) {
        /* config_destroy() frees the error text: copy it first */
        char why[128], expected[200];
        snprintf(why, sizeof why, "%s", config_error_text(&cfg));
        config_destroy(&cfg);
        *retry = may_retry;
        if (may_retry)
            return SIM_OK;
        params_spec_describe(spec, expected, sizeof expected);
        return sim_fail(err, SIM_ERR_CONFIG, "--set %s: cannot read '%s' (%s); %s expects %s", key,
                        value, why, key, expected);
    }
    *retry = false;
    if (!holds_one_setting(config_root_setting(&cfg), depth + 1))
        st = sim_fail(err, SIM_ERR_CONFIG,
                      "--set %s: '%s' is more than one value; give each key its own --set", key,
                      value);
    else if ((st = literals_check(text, NULL, err)) == SIM_OK) {
        Layer layer = {.label = "--set", .text = text, .dir = ""};
        st = apply_group(p, config_root_setting(&cfg), "", &layer, err);
    }
    config_destroy(&cfg);
    return st;
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
    const ParamSpec *spec = params_spec_find(key, NULL);
    if (spec == NULL)
        return override_key_failure(key, err);
    bool wants_string = spec->type == PARAM_ENUM || spec->type == PARAM_PATH;
    size_t size = strlen(key) * 3 + strlen(value) * 2 + 64;
    char *text = malloc(size);
    if (text == NULL)
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory");
    /* A bare word for a string key is tried as written first, then quoted. */
    bool quote = wants_string && value[0] != '"';
    bool retry = false;
    SimStatus st = override_try(p, spec, key, value, quote, !quote && wants_string, text, size,
                                &retry, err);
    if (st == SIM_OK && retry)
        st = override_try(p, spec, key, value, true, false, text, size, &retry, err);
    free(text);
    return st;
}

void params_note_input(Params *p, const char *path)
{
    FileId id;
    if (p->n_inputs >= PARAM_INPUTS_MAX || !files_id(path, &id))
        return;
    for (int k = 0; k < p->n_inputs; k++)
        if (p->inputs[k].dev == id.dev && p->inputs[k].ino == id.ino)
            return;
    p->inputs[p->n_inputs++] = id;
}
