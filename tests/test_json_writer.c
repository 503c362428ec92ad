/* test_json_writer.c - The JSON writer's layouts, escaping, UTF-8 check and
 * numbers, the sweep's grid values, and the verdicts of a hand-made run. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json_writer.h"
#include "sweep.h"
#include "test.h"
#include "verdicts.h"

/* Runs fill(w) into a memory buffer; returns the text (free it) and the status. */
static char *write_doc(void (*fill)(JsonWriter *), SimStatus *st, SimError *err)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    JsonWriter w;
    json_init(&w, f, err);
    fill(&w);
    *st = json_finish(&w);
    fclose(f);
    return text;
}

static void fill_layouts(JsonWriter *w)
{
    json_object(w, JSON_LINES);
    json_key(w, "a");
    json_int(w, 1);
    json_key(w, "inline");
    json_object(w, JSON_INLINE);
    json_key(w, "x");
    json_number(w, 0.1);
    json_key(w, "y");
    json_null(w);
    json_end(w);
    json_key(w, "tight");
    const double x[3] = {1.5, -0.0, NAN};
    json_numbers(w, JSON_TIGHT, x, 3);
    json_key(w, "empty");
    json_array(w, JSON_LINES);
    json_end(w);
    json_key(w, "tabs");
    json_object(w, JSON_TABS);
    json_key(w, "b");
    json_bool(w, true);
    json_key(w, "list");
    json_array(w, JSON_TABS);
    json_object(w, JSON_TABS);
    json_key(w, "s");
    json_uint_string(w, 18446744073709551615ULL);
    json_end(w);
    json_end(w);
    json_end(w);
    json_end(w);
}

static int layouts_should_place_every_comma_and_break(void)
{
    SimError err = {0};
    SimStatus st;
    char *text = write_doc(fill_layouts, &st, &err);
    const char *want = "{\n"
                       "  \"a\": 1,\n"
                       "  \"inline\": {\"x\": 0.1, \"y\": null},\n"
                       "  \"tight\": [1.5,0,null],\n"
                       "  \"empty\": [],\n"
                       "  \"tabs\": {\n"
                       "  \t\"b\":\ttrue,\n"
                       "  \t\"list\":\t[{\n"
                       "  \t\t\t\"s\":\t\"18446744073709551615\"\n"
                       "  \t\t}]\n"
                       "  }\n"
                       "}\n";
    CHECK(st == SIM_OK);
    if (strcmp(text, want) != 0)
        fprintf(stderr, "got:\n%s\nwant:\n%s\n", text, want);
    CHECK(strcmp(text, want) == 0);
    free(text);
    return 0;
}

static void fill_escapes(JsonWriter *w)
{
    json_array(w, JSON_INLINE);
    json_string(w, "q\"b\\s/\n\t\x01 caf\xc3\xa9 \xf0\x9f\x99\x82");
    json_end(w);
}

static int strings_should_be_escaped_once(void)
{
    SimError err = {0};
    SimStatus st;
    char *text = write_doc(fill_escapes, &st, &err);
    CHECK(st == SIM_OK);
    CHECK(strcmp(text, "[\"q\\\"b\\\\s/\\n\\t\\u0001 caf\xc3\xa9 \xf0\x9f\x99\x82\"]\n") == 0);
    free(text);
    return 0;
}

static void fill_latin1(JsonWriter *w)
{
    json_object(w, JSON_INLINE);
    json_key(w, "name");
    json_string(w, "Caf\xe9");
    json_key(w, "after");
    json_int(w, 1);
    json_end(w);
}

static int text_that_is_not_utf8_should_be_refused(void)
{
    SimError err = {0};
    SimStatus st;
    char *text = write_doc(fill_latin1, &st, &err);
    CHECK(st == SIM_ERR_CONFIG);
    CHECK(strstr(err.message, "Caf\\xe9") != NULL);
    CHECK(strstr(err.message, "\"name\"") != NULL);
    CHECK(strstr(err.message, "UTF-8") != NULL);
    CHECK(strchr(text, '\xe9') == NULL); /* the byte never reaches the file */
    free(text);
    size_t at = 99;
    CHECK(json_valid_utf8("ok \xc3\xa9", NULL));
    CHECK(!json_valid_utf8("\xc0\xaf", &at) && at == 0);          /* overlong '/' */
    CHECK(!json_valid_utf8("ab\xed\xa0\x80", &at) && at == 2);    /* a surrogate */
    CHECK(!json_valid_utf8("\xf4\x90\x80\x80", &at) && at == 0);  /* above U+10FFFF */
    CHECK(!json_valid_utf8("x\xe2\x82", &at) && at == 1);         /* cut short */
    return 0;
}

static void fill_unbalanced(JsonWriter *w)
{
    json_object(w, JSON_INLINE);
    json_int(w, 1); /* a value without a key */
}

static int misuse_should_be_an_error_not_a_document(void)
{
    SimError err = {0};
    SimStatus st;
    char *text = write_doc(fill_unbalanced, &st, &err);
    CHECK(st != SIM_OK);
    free(text);
    return 0;
}

static int grid_values_should_come_out_as_typed(void)
{
    char buf[40];
    const char *want[7] = {"0.005", "0.01", "0.015", "0.02", "0.025", "0.03", "0.035"};
    for (int j = 0; j < 7; j++) {
        sweep_grid_value(0.005, 0.035, j, 7, buf, sizeof buf);
        CHECK(strcmp(buf, want[j]) == 0);
    }
    sweep_grid_value(0, 1, 1, 3, buf, sizeof buf);
    CHECK(strcmp(buf, "0.5") == 0);
    sweep_grid_value(0, 1, 1, 4, buf, sizeof buf); /* 1/3: the shortest within 8 ulps */
    CHECK(strcmp(buf, "0.333333333333333") == 0);
    sweep_grid_value(-1, 1, 2, 5, buf, sizeof buf);
    CHECK(strcmp(buf, "0") == 0);
    sweep_grid_value(2, 20, 1, 42950, buf, sizeof buf);
    CHECK(fabs(strtod(buf, NULL) - (2 + 18.0 / 42949)) <= 1e-13);
    return 0;
}

static int verdicts_should_follow_their_definitions(void)
{
    enum { M = 4 };
    double s[SERIES_COUNT][M];
    memset(s, 0, sizeof s);
    const double emp[M] = {0.9, 0.7, 0.7, 0.8};
    const double uhi[M] = {1.2, 0.9, 1.0, 1.1};
    for (int m = 0; m < M; m++) {
        s[SERIES_employment_rate][m] = emp[m];
        s[SERIES_employment_rate_white][m] = 1.0 - 0.1 * m;
        s[SERIES_employment_rate_blue][m] = 1.0;
        s[SERIES_uhi_p10][m] = uhi[m];
        s[SERIES_money_created][m] = 10.0 * (m + 1);
        s[SERIES_price_level][m] = 1.0 + m;
        s[SERIES_uhi_displaced][m] = NAN;
    }
    Results r = {.months = M, .months_done = M};
    for (int k = 0; k < SERIES_COUNT; k++)
        r.series[k] = s[k];
    double v[VERDICT_COUNT];
    verdicts_compute(&r, v);
    CHECK(v[VERDICT_months_until_uhi_p10] == 2);       /* >= 1 from month 2 on */
    CHECK_ABS(v[VERDICT_peak_unemployment], 0.3, 1e-15);
    CHECK(v[VERDICT_peak_unemployment_month] == 1);    /* the first month of the peak */
    CHECK(v[VERDICT_peak_unemployment_white_month] == 3);
    CHECK(v[VERDICT_peak_unemployment_blue] == 0 && v[VERDICT_peak_unemployment_blue_month] == 0);
    CHECK(v[VERDICT_money_created_total] == 100);
    CHECK(v[VERDICT_final_price_level] == 4);
    CHECK(isnan(v[VERDICT_uhi_displaced]));
    s[SERIES_uhi_p10][M - 1] = 0.99;
    verdicts_compute(&r, v);
    CHECK(isnan(v[VERDICT_months_until_uhi_p10]));     /* below 1 at the end: never */
    CHECK(strcmp(verdict_name(VERDICT_final_output), "final_output") == 0);
    CHECK(strcmp(verdict_unit(VERDICT_money_created_total), "nominal $") == 0);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(layouts_should_place_every_comma_and_break, failures);
    RUN(strings_should_be_escaped_once, failures);
    RUN(text_that_is_not_utf8_should_be_refused, failures);
    RUN(misuse_should_be_an_error_not_a_document, failures);
    RUN(grid_values_should_come_out_as_typed, failures);
    RUN(verdicts_should_follow_their_definitions, failures);
    return failures != 0;
}
