/* verdicts.h - The verdict metrics answering the argument's claims for one run,
 * computed in one place from a run's Results. Run summaries, experiments and
 * sweeps all take them from here, and the documents carry their names and units
 * (docs/output.md), so the analysis scripts read them instead of recomputing. */
#pragma once
#include "sim.h"

/* X(name, unit, help), in document order. */
// clang-format off
#define VERDICT_LIST(X) \
    X(months_until_uhi_p10,   "months", "first month from which uhi_p10 >= 1 for good (null: never)") \
    X(peak_unemployment,      "-",      "highest share of all workers without a human job") \
    X(peak_unemployment_month,"month",  "month of that peak") \
    X(peak_unemployment_white,"-",      "highest unemployment share of white-collar workers") \
    X(peak_unemployment_white_month, "month", "month of the white-collar peak") \
    X(peak_unemployment_blue, "-",      "highest unemployment share of blue-collar workers") \
    X(peak_unemployment_blue_month, "month", "month of the blue-collar peak") \
    X(final_price_level,      "-",      "price level P in the last month") \
    X(final_output,           "base-year $/year", "real output Q in the last month") \
    X(money_created_total,    "nominal $", "sum of new money over the run") \
    X(uhi_p10,                "-",      "p10 real consumption / month 0, last month") \
    X(uhi_median,             "-",      "median real consumption / month 0, last month") \
    X(uhi_displaced,          "-",      "median over displaced workers of real consumption / own month 0, last month (null: none)") \
    X(gini_income,            "-",      "Gini of real income, last month") \
    X(gini_money,             "-",      "Gini of money balances, last month") \
    X(uhi_bottom10,           "-",      "bottom-decile mean real consumption / month 0, last month") \
    X(months_until_uhi_bottom10, "months", "first month from which uhi_bottom10 >= 1 for good (null: never)") \
    X(months_unemployment_above_10pct, "months", "months with more than 10 % of workers without a human job (the trough's length)") \
    X(peak_wage_gap,          "-",      "highest real-wage gap W / P") \
    X(total_defaults,         "workers", "debtors who defaulted over the run") \
    X(defaulted_share,        "-",      "share of month-0 debtors who defaulted over the run (null: no debt)") \
    X(lowest_ui_scale,        "-",      "lowest UI paid / claimed over the run (1: every claim paid in full)") \
    X(energy_limited_months,  "months", "months in which the energy cap bound or the energy gate held back new machines") \
    X(first_energy_limited_month, "month", "the first such month (null: never)")
// clang-format on

typedef enum Verdict {
#define X(name, unit, help) VERDICT_##name,
    VERDICT_LIST(X)
#undef X
        VERDICT_COUNT
} Verdict;

/* Name ("uhi_p10"), unit ("-", "months", ...) and one-line help of verdict v,
 * 0 <= v < VERDICT_COUNT. */
const char *verdict_name(int v);
const char *verdict_unit(int v);
const char *verdict_help(int v);

/* Fills v[0..VERDICT_COUNT-1] from a run of r->months_done >= 1 months; NaN
 * stands for null (uhi_p10 never stays >= 1, or no displaced worker). A peak
 * of unemployment is the highest 1 - employment rate, at its first month. */
void verdicts_compute(const Results *r, double *v);
