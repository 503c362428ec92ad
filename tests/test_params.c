/* test_params.c - Loading parameters from config text, --set overrides and
 * their origins, range and integer checks, suggestions, enum values, and the
 * input defects of issue 10 (unclosed comment, byte-order mark, bytes that are
 * not UTF-8, a repeated key, @include "", a repeated occupation code). Values
 * are read back through the parameter table (params_format_value), the same
 * text `uhisim validate` prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "occupations.h"
#include "params.h"
#include "test.h"

static int index_of(const char *key)
{
    for (int i = 0; i < params_count(); i++)
        if (strcmp(params_key(i), key) == 0)
            return i;
    return -1;
}

/* The value of `key` as validate prints it ("1.75", "\"growth\"", "2500"). */
static const char *value_of(const Params *p, const char *key)
{
    static char buf[256];
    int i = index_of(key);
    if (i < 0)
        return "(no such key)";
    params_format_value(p, i, buf, (int)sizeof buf);
    return buf;
}

static const char *origin_of(const Params *p, const char *key)
{
    int i = index_of(key);
    return i < 0 ? "(no such key)" : p->origin[i];
}

/* Loads `text` as the file "mem.cfg" on top of the defaults. */
static SimStatus load(Params *p, const char *text, SimError *err)
{
    params_set_defaults(p);
    return params_load_text(p, "mem.cfg", text, err);
}

static bool has(const SimError *err, const char *words)
{
    return strstr(err->message, words) != NULL;
}

static int load_text_should_apply_values_and_name_their_lines(void)
{
    Params p;
    SimError err = {0};
    CHECK(load(&p, "money = {\n  velocity = 1.75;\n};\n\nrun = { agents = 2500; };\n", &err) ==
          SIM_OK);
    CHECK(strcmp(value_of(&p, "money.velocity"), "1.75") == 0);
    CHECK(strcmp(origin_of(&p, "money.velocity"), "mem.cfg:2") == 0);
    CHECK(strcmp(value_of(&p, "run.agents"), "2500") == 0);
    CHECK(strcmp(origin_of(&p, "run.agents"), "mem.cfg:5") == 0);
    /* untouched keys keep their default (MODEL.md 4b: M0 = US M2, $21.5 trillion) */
    CHECK(strcmp(value_of(&p, "money.stock"), "21500000000000.0") == 0);
    CHECK(strcmp(origin_of(&p, "money.stock"), "default") == 0);
    params_free(&p);
    return 0;
}

static int integer_literal_should_be_accepted_for_a_real(void)
{
    Params p;
    SimError err = {0};
    CHECK(load(&p, "money = { velocity = 2; };\nrobots = { growth_per_year = [3, 2]; };\n",
               &err) == SIM_OK);
    CHECK(strcmp(value_of(&p, "money.velocity"), "2.0") == 0);
    CHECK(strcmp(value_of(&p, "robots.growth_per_year"), "[3.0, 2.0]") == 0);
    params_free(&p);
    return 0;
}

static int override_should_win_and_record_its_origin(void)
{
    Params p;
    SimError err = {0};
    CHECK(load(&p, "money = { velocity = 1.75; };\n", &err) == SIM_OK);
    CHECK(params_apply_override(&p, "money.velocity=3.5", &err) == SIM_OK);
    CHECK(strcmp(value_of(&p, "money.velocity"), "3.5") == 0);
    CHECK(strcmp(origin_of(&p, "money.velocity"), "--set") == 0);
    /* a bare word is taken as the string an enum expects */
    CHECK(params_apply_override(&p, "policy.money.rule=growth", &err) == SIM_OK);
    CHECK(strcmp(value_of(&p, "policy.money.rule"), "\"growth\"") == 0);
    /* a whole number on the command line is 64-bit: 2^40 + 3 read exactly */
    CHECK(params_apply_override(&p, "run.seed=1099511627779", &err) == SIM_OK);
    CHECK(strcmp(value_of(&p, "run.seed"), "1099511627779") == 0);
    params_free(&p);
    return 0;
}

static int override_without_equals_should_ask_for_key_value(void)
{
    Params p;
    SimError err = {0};
    params_set_defaults(&p);
    CHECK(params_apply_override(&p, "money.velocity", &err) == SIM_ERR_USAGE);
    CHECK(has(&err, "KEY=VALUE"));
    params_free(&p);
    return 0;
}

static int out_of_range_value_should_name_file_line_key_and_range(void)
{
    Params p;
    SimError err = {0};
    CHECK(load(&p, "\nmoney = { velocity = 99.0; };\n", &err) == SIM_ERR_CONFIG);
    CHECK(has(&err, "mem.cfg:2: money.velocity = 99"));
    CHECK(has(&err, "(0, 12] 1/year"));
    params_free(&p);
    SimError err2 = {0};
    params_set_defaults(&p);
    CHECK(params_apply_override(&p, "labor.skill_loss=-0.1", &err2) == SIM_ERR_CONFIG);
    CHECK(has(&err2, "--set: labor.skill_loss = -0.1") && has(&err2, "[0, 0.99]"));
    params_free(&p);
    return 0;
}

static int fraction_should_not_be_truncated_for_an_integer(void)
{
    Params p;
    SimError err = {0};
    CHECK(load(&p, "run = { agents = 1000.5; };\n", &err) == SIM_ERR_CONFIG);
    CHECK(has(&err, "run.agents = 1000.5") && has(&err, "not truncated"));
    params_free(&p);
    return 0;
}

/* libconfig reads 4294967796 as 4294967796 - 2^32 = 500 without a word. */
static int integer_libconfig_would_wrap_should_be_refused(void)
{
    Params p;
    SimError err = {0};
    CHECK(load(&p, "run = {\n  agents = 4294967796;\n};\n", &err) == SIM_ERR_CONFIG);
    CHECK(has(&err, "mem.cfg:2: run.agents = 4294967796") && has(&err, "32-bit"));
    CHECK(has(&err, "4294967796L"));
    params_free(&p);
    /* with L it is read as written, and then it is out of range */
    SimError err2 = {0};
    CHECK(load(&p, "run = { agents = 4294967796L; };\n", &err2) == SIM_ERR_CONFIG);
    CHECK(has(&err2, "outside its range") && has(&err2, "2147483647"));
    params_free(&p);
    SimError err3 = {0};
    params_set_defaults(&p);
    CHECK(params_apply_override(&p, "run.agents=3000000000", &err3) == SIM_ERR_CONFIG);
    CHECK(has(&err3, "run.agents = 3000000000") && has(&err3, "outside its range"));
    params_free(&p);
    return 0;
}

static int unknown_key_should_get_the_closest_known_one(void)
{
    Params p;
    SimError err = {0};
    CHECK(load(&p, "money = { velocty = 1.5; };\n", &err) == SIM_ERR_CONFIG);
    CHECK(has(&err, "mem.cfg:1: unknown key 'money.velocty' (did you mean 'money.velocity'?)"));
    params_free(&p);
    SimError err2 = {0};
    params_set_defaults(&p);
    CHECK(params_apply_override(&p, "money.velocty=0.1", &err2) == SIM_ERR_CONFIG);
    CHECK(has(&err2, "did you mean 'money.velocity'"));
    /* a key of version 1 is told the key that replaced it */
    SimError err3 = {0};
    CHECK(params_apply_override(&p, "policy.ubi.tax_rate=0.1", &err3) == SIM_ERR_CONFIG);
    CHECK(has(&err3, "replaced it with policy.fiscal.capital_tax"));
    params_free(&p);
    return 0;
}

static int enum_should_take_its_names_and_suggest_for_a_typo(void)
{
    Params p;
    SimError err = {0};
    CHECK(load(&p, "policy = { money = { rule = \"price_target\"; channel = \"owners\"; }; };\n",
               &err) == SIM_OK);
    CHECK(strcmp(value_of(&p, "policy.money.rule"), "\"price_target\"") == 0);
    CHECK(strcmp(value_of(&p, "policy.money.channel"), "\"owners\"") == 0);
    params_free(&p);
    SimError err2 = {0};
    CHECK(load(&p, "policy = { money = { rule = \"grwoth\"; }; };\n", &err2) == SIM_ERR_CONFIG);
    CHECK(has(&err2, "policy.money.rule = \"grwoth\"") && has(&err2, "did you mean \"growth\""));
    params_free(&p);
    return 0;
}

/* Defect 6: libconfig 1.5 drops everything after an unclosed comment. */
static int unclosed_comment_should_be_refused_at_its_line(void)
{
    Params p;
    SimError err = {0};
    CHECK(load(&p, "run = { agents = 500; };\n/* a note\nmoney = { velocity = 99.0; };\n",
               &err) == SIM_ERR_CONFIG);
    CHECK(has(&err, "mem.cfg:2: a /* comment opens here and is never closed"));
    params_free(&p);
    /* a closed one, even across lines and with a comment opener inside a string, is fine */
    SimError err2 = {0};
    CHECK(load(&p, "/* a\n note */ data = { occupations_csv = \"/*x\"; };\n", &err2) == SIM_OK);
    params_free(&p);
    return 0;
}

/* Defects 5 and 12: a byte-order mark is accepted, Latin-1 is not. */
static int byte_order_mark_accepted_and_latin1_refused(void)
{
    Params p;
    SimError err = {0};
    CHECK(load(&p, "\xEF\xBB\xBFmoney = { velocity = 1.25; };\n", &err) == SIM_OK);
    CHECK(strcmp(value_of(&p, "money.velocity"), "1.25") == 0);
    CHECK(strcmp(origin_of(&p, "money.velocity"), "mem.cfg:1") == 0);
    params_free(&p);
    SimError err2 = {0};
    CHECK(load(&p, "run = { agents = 500; };\noccupations = ( { code = \"A\"; name = \"caf\xE9\"; "
                   "} );\n",
               &err2) == SIM_ERR_CONFIG);
    CHECK(has(&err2, "mem.cfg:2: byte 0xE9 is not UTF-8"));
    params_free(&p);
    return 0;
}

/* Defect 12: a key set twice is named, with both lines. */
static int repeated_key_should_name_both_lines(void)
{
    Params p;
    SimError err = {0};
    CHECK(load(&p, "money = { velocity = 1.5; };\nrun = { agents = 500; };\n"
                   "money = { stock = 2e13; };\n",
               &err) == SIM_ERR_CONFIG);
    CHECK(has(&err, "mem.cfg:3: duplicate setting name"));
    CHECK(has(&err, "money is set twice, at mem.cfg:1 and at mem.cfg:3"));
    params_free(&p);
    SimError err2 = {0};
    CHECK(load(&p, "money = { velocity = 1.5; };\nmoney.stock = 2e13;\n", &err2) ==
          SIM_ERR_CONFIG);
    CHECK(has(&err2, "`money.stock` repeats the group `money` set at mem.cfg:1"));
    params_free(&p);
    return 0;
}

/* Defect 12: libconfig's scanner calls exit() on `@include ""`; it never sees it. */
static int empty_include_should_be_refused(void)
{
    Params p;
    SimError err = {0};
    CHECK(load(&p, "run = { agents = 500; };\n  @include \"\"\n", &err) == SIM_ERR_CONFIG);
    CHECK(has(&err, "mem.cfg:2: empty include path"));
    params_free(&p);
    return 0;
}

/* An @include inside a --set value would reach libconfig's scanner. */
static int include_in_an_override_should_be_refused(void)
{
    Params p;
    SimError err = {0};
    params_set_defaults(&p);
    CHECK(params_apply_override(&p, "money.velocity=1.5;\n@include \"\"", &err) == SIM_ERR_CONFIG);
    CHECK(has(&err, "--set money.velocity: '@include' is config-file syntax"));
    params_free(&p);
    return 0;
}

static const char *const ROW =
    "{ code = \"%s\"; name = \"%s\"; class = \"%s\"; employment = %s; mean_wage = 5e4; "
    "ai_exposure = 0.5; robot_exposure = 0.25; }";

static int table_from_text_should_validate_and_count_workers(void)
{
    char text[1024], a[256], b[256];
    snprintf(a, sizeof a, ROW, "A-1", "Alpha", "white", "1.5e6");
    snprintf(b, sizeof b, ROW, "B-2", "Beta", "blue", "2.5e6");
    snprintf(text, sizeof text, "occupations = (\n  %s,\n  %s\n);\n", a, b);
    Params p;
    SimError err = {0};
    CHECK(load(&p, text, &err) == SIM_OK);
    CHECK(params_validate(&p, &err) == SIM_OK);
    CHECK(p.occupations.count == 2);
    CHECK(strcmp(p.occupations.rows[1].code, "B-2") == 0);
    CHECK(p.occupations.rows[1].job_class == CLASS_BLUE);
    /* Fmax = 0 means the blue-collar employment of the table: 2.5e6 */
    CHECK_REL(params_fleet_max(&p), 2.5e6, 1e-15);
    params_free(&p);
    return 0;
}

/* Issue 12: one agent per US worker, N = 155e6 (scale 1), is in range and
 * validates; N is an int, and the largest int is the bound. */
static int one_agent_per_us_worker_should_validate(void)
{
    char text[1024], a[256], b[256];
    snprintf(a, sizeof a, ROW, "A-1", "Alpha", "white", "6e7");
    snprintf(b, sizeof b, ROW, "B-2", "Beta", "blue", "9.5e7");
    snprintf(text, sizeof text, "occupations = (\n  %s,\n  %s\n);\n", a, b);
    Params p;
    SimError err = {0};
    CHECK(load(&p, text, &err) == SIM_OK);
    CHECK(params_apply_override(&p, "run.agents=155000000", &err) == SIM_OK);
    CHECK(params_validate(&p, &err) == SIM_OK);
    CHECK(p.run.agents == 155000000);
    CHECK(params_apply_override(&p, "run.agents=2147483647", &err) == SIM_OK);
    CHECK(params_validate(&p, &err) == SIM_OK);
    params_free(&p);
    return 0;
}

/* Defect 8: the check is sorted, not pairwise; the message is the pairwise
 * one: the first row whose code an earlier row has, and that earlier row. */
static int repeated_code_should_name_the_first_pair_in_a_large_table(void)
{
    enum { N = 200000 };
    OccupationTable t = {.rows = calloc(N, sizeof(Occupation)), .count = N};
    CHECK(t.rows != NULL);
    for (int i = 0; i < N; i++) {
        snprintf(t.rows[i].code, sizeof t.rows[i].code, "C%d", i);
        t.rows[i].employment = 1;
    }
    /* rows 150000 and 199999 repeat row 7's code; row 180000 repeats row 3's */
    snprintf(t.rows[150000].code, sizeof t.rows[0].code, "C7");
    snprintf(t.rows[199999].code, sizeof t.rows[0].code, "C7");
    snprintf(t.rows[180000].code, sizeof t.rows[0].code, "C3");
    SimError err = {0};
    CHECK(occupations_finish(&t, 0, "big.csv", &err) == SIM_ERR_CONFIG);
    CHECK(has(&err, "big.csv: occupation code 'C7' appears twice (rows 7 and 150000)"));
    snprintf(t.rows[150000].code, sizeof t.rows[0].code, "C150000");
    snprintf(t.rows[199999].code, sizeof t.rows[0].code, "C199999");
    SimError err2 = {0};
    CHECK(occupations_finish(&t, 0, "big.csv", &err2) == SIM_ERR_CONFIG);
    CHECK(has(&err2, "code 'C3' appears twice (rows 3 and 180000)"));
    snprintf(t.rows[180000].code, sizeof t.rows[0].code, "C180000");
    SimError err3 = {0};
    CHECK(occupations_finish(&t, 0, "big.csv", &err3) == SIM_OK);
    free(t.rows);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(load_text_should_apply_values_and_name_their_lines, failures);
    RUN(integer_literal_should_be_accepted_for_a_real, failures);
    RUN(override_should_win_and_record_its_origin, failures);
    RUN(override_without_equals_should_ask_for_key_value, failures);
    RUN(out_of_range_value_should_name_file_line_key_and_range, failures);
    RUN(fraction_should_not_be_truncated_for_an_integer, failures);
    RUN(integer_libconfig_would_wrap_should_be_refused, failures);
    RUN(unknown_key_should_get_the_closest_known_one, failures);
    RUN(enum_should_take_its_names_and_suggest_for_a_typo, failures);
    RUN(unclosed_comment_should_be_refused_at_its_line, failures);
    RUN(byte_order_mark_accepted_and_latin1_refused, failures);
    RUN(repeated_key_should_name_both_lines, failures);
    RUN(empty_include_should_be_refused, failures);
    RUN(include_in_an_override_should_be_refused, failures);
    RUN(table_from_text_should_validate_and_count_workers, failures);
    RUN(one_agent_per_us_worker_should_validate, failures);
    RUN(repeated_code_should_name_the_first_pair_in_a_large_table, failures);
    return failures != 0;
}
