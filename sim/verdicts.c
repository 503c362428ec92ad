/* verdicts.c - The verdict metrics of one run (see verdicts.h). */
#include "verdicts.h"

#include <math.h>
#include <stdbool.h>

static const char *const NAME[] = {
#define X(name, unit, help) #name,
    VERDICT_LIST(X)
#undef X
};
static const char *const UNIT[] = {
#define X(name, unit, help) unit,
    VERDICT_LIST(X)
#undef X
};
static const char *const HELP[] = {
#define X(name, unit, help) help,
    VERDICT_LIST(X)
#undef X
};

const char *verdict_name(int v) { return NAME[v]; }
const char *verdict_unit(int v) { return UNIT[v]; }
const char *verdict_help(int v) { return HELP[v]; }

/* Highest 1 - rate[m] and its first month. Compared as 1 - rate, not as the
 * lowest rate: two rates a few ulps apart can give the same 1 - rate, and the
 * run document has always reported the first month of the written value. */
static double peak(const double *rate, int n, double *month)
{
    int at = 0;
    for (int m = 1; m < n; m++)
        if (1.0 - rate[m] > 1.0 - rate[at])
            at = m;
    *month = at;
    return 1.0 - rate[at];
}

/* The first month of the last stretch with x >= 1 (NaN: x < 1 at the end). */
static double until_for_good(const double *x, int n)
{
    int until = -1;
    for (int m = n - 1; m >= 0 && x[m] >= 1.0; m--)
        until = m;
    return until >= 0 ? until : NAN;
}

void verdicts_compute(const Results *r, double *v)
{
    const int n = r->months_done, last = n - 1;
    double *const *s = r->series;
    v[VERDICT_months_until_uhi_p10] = until_for_good(s[SERIES_uhi_p10], n);
    v[VERDICT_months_until_uhi_bottom10] = until_for_good(s[SERIES_uhi_bottom10], n);
    v[VERDICT_uhi_bottom10] = s[SERIES_uhi_bottom10][last];
    double above = 0, gap = 0, defaults = 0, ui = 1.0, limited = 0, first_limited = NAN;
    for (int m = 0; m < n; m++) {
        above += s[SERIES_unemployment_rate][m] > 0.1;
        gap = fmax(gap, s[SERIES_wage_gap][m]);
        defaults += s[SERIES_defaults][m];
        ui = fmin(ui, s[SERIES_ui_scale][m]);
        const bool energy = s[SERIES_cap_binding][m] > 0 || s[SERIES_energy_gate_binding][m] > 0;
        limited += energy;
        if (energy && isnan(first_limited))
            first_limited = m;
    }
    v[VERDICT_months_unemployment_above_10pct] = above;
    v[VERDICT_peak_wage_gap] = gap;
    v[VERDICT_total_defaults] = defaults;
    v[VERDICT_defaulted_share] = s[SERIES_defaulted_share][last];
    v[VERDICT_lowest_ui_scale] = ui;
    v[VERDICT_energy_limited_months] = limited;
    v[VERDICT_first_energy_limited_month] = first_limited;
    v[VERDICT_peak_unemployment] =
        peak(s[SERIES_employment_rate], n, &v[VERDICT_peak_unemployment_month]);
    v[VERDICT_peak_unemployment_white] =
        peak(s[SERIES_employment_rate_white], n, &v[VERDICT_peak_unemployment_white_month]);
    v[VERDICT_peak_unemployment_blue] =
        peak(s[SERIES_employment_rate_blue], n, &v[VERDICT_peak_unemployment_blue_month]);
    v[VERDICT_final_price_level] = s[SERIES_price_level][last];
    v[VERDICT_final_output] = s[SERIES_output][last];
    double created = 0;
    for (int m = 0; m < n; m++)
        created += s[SERIES_money_created][m];
    v[VERDICT_money_created_total] = created;
    v[VERDICT_uhi_p10] = s[SERIES_uhi_p10][last];
    v[VERDICT_uhi_median] = s[SERIES_uhi_median][last];
    v[VERDICT_uhi_displaced] = s[SERIES_uhi_displaced][last];
    v[VERDICT_gini_income] = s[SERIES_gini_income][last];
    v[VERDICT_gini_money] = s[SERIES_gini_money][last];
}
