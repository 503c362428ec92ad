/* verdicts.c - The verdict metrics of one run (see verdicts.h). */
#include "verdicts.h"

#include <math.h>

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

void verdicts_compute(const Results *r, double *v)
{
    const int n = r->months_done, last = n - 1;
    double *const *s = r->series;
    int until = -1; /* the first month of the last stretch with uhi_p10 >= 1 */
    for (int m = last; m >= 0 && s[SERIES_uhi_p10][m] >= 1.0; m--)
        until = m;
    v[VERDICT_months_until_uhi_p10] = until >= 0 ? until : NAN;
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
