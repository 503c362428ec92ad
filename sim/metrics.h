/* metrics.h - The monthly series (MODEL.md section 6) and the distribution
 * statistics behind them: quantiles, Gini, group means. */
#pragma once
#include <stdbool.h>

#include "agents.h"

/* Every monthly series: name (the JSON/CSV key), unit, whether it may be null
 * (a statistic of an empty group), and what it is. Flows are annualised. */
// clang-format off
#define SERIES_LIST(X) \
    X(month,                     "month",                       0, "month index m = 0 .. months-1") \
    X(year,                      "year",                        0, "calendar time run.start_year + m/12") \
    X(money_stock,               "nominal $",                   0, "money stock M after this month's new money") \
    X(velocity,                  "1/year",                      0, "realised velocity V = 12 S / M") \
    X(price_level,               "-",                           0, "price level P = S / Q (1 before month 0)") \
    X(output,                    "base-year $/year",            0, "real output Q = Q_h + Q_m") \
    X(nominal_gdp,               "nominal $/year",              0, "nominal spending P Q = 12 S") \
    X(inflation,                 "1/year",                      0, "annualised inflation (P / P_prev)^12 - 1") \
    X(expected_inflation,        "1/year",                      0, "expected inflation after this month's update") \
    X(ai_capability,             "-",                           0, "AI capability A (0 when AI is disabled)") \
    X(robot_capability,          "-",                           0, "robot capability R (0 before robots.start_year)") \
    X(robot_fleet,               "job-equivalents",             0, "robot fleet F") \
    X(robot_slots,               "workers",                     0, "jobs run by robots, never more than the fleet") \
    X(energy_gw,                 "GW",                          0, "energy capacity E for machines") \
    X(machine_output_cap,        "base-year $/year",            0, "machine output the energy allows, Qcap") \
    X(cap_binding,               "0/1",                         0, "1 when machine output is cut to Qcap") \
    X(human_output,              "base-year $/year",            0, "output of human jobs Q_h") \
    X(machine_output,            "base-year $/year",            0, "output of machine slots Q_m") \
    X(employment_rate,           "-",                           0, "share of workers in human jobs") \
    X(employment_rate_white,     "-",                           0, "share of white-collar workers in human jobs") \
    X(employment_rate_blue,      "-",                           0, "share of blue-collar workers in human jobs") \
    X(automated_share_white,     "-",                           0, "share of white-collar workers whose starting job is machine-run") \
    X(automated_share_blue,      "-",                           0, "share of blue-collar workers whose starting job is machine-run") \
    X(displaced,                 "workers",                     0, "workers without a human job after re-employment") \
    X(reemployed,                "workers",                     0, "workers re-employed this month") \
    X(real_income_mean,          "base-year $/year per worker", 0, "mean real income: (wage + net capital income + UBI) / P") \
    X(real_income_median,        "base-year $/year per worker", 0, "median real income") \
    X(real_income_p10,           "base-year $/year per worker", 0, "10th percentile of real income") \
    X(real_income_p90,           "base-year $/year per worker", 0, "90th percentile of real income") \
    X(real_consumption_mean,     "base-year $/year per worker", 0, "mean real consumption 12 c / P") \
    X(real_consumption_median,   "base-year $/year per worker", 0, "median real consumption") \
    X(real_consumption_p10,      "base-year $/year per worker", 0, "10th percentile of real consumption") \
    X(real_consumption_displaced,"base-year $/year per worker", 1, "mean real consumption of displaced workers (null if none)") \
    X(real_wage_employed,        "base-year $/year per worker", 1, "mean real wage of employed workers (null if none)") \
    X(capital_share,             "-",                           0, "capital income / nominal spending, Pi / S") \
    X(ubi_per_worker,            "nominal $/year",              0, "UBI paid to each worker") \
    X(money_created,             "nominal $",                   0, "new money this month, Delta M (negative: withdrawn)") \
    X(gini_income,               "-",                           0, "Gini of real income across agents") \
    X(gini_money,                "-",                           0, "Gini of money balances (at spending time)") \
    X(real_median_balance,       "base-year $",                 0, "median money balance / P") \
    X(uhi_p10,                   "-",                           0, "p10 real consumption / its month-0 value") \
    X(uhi_median,                "-",                           0, "median real consumption / its month-0 value") \
    X(uhi_displaced,             "-",                           1, "displaced workers' real consumption / their own month-0 consumption (null if none)") \
    X(identity_mv_pq,            "-",                           0, "|M v - 12 P Q| / (12 P Q), v the velocity spent at") \
    X(identity_money,            "-",                           0, "|scale sum m - M| / M, money conservation")
// clang-format on

typedef enum Series {
#define X(name, unit, nullable, help) SERIES_##name,
    SERIES_LIST(X)
#undef X
        SERIES_COUNT
} Series;

/* Name, unit, nullability and description of series s. */
const char *metrics_series_name(int s);
const char *metrics_series_unit(int s);
bool metrics_series_nullable(int s);
const char *metrics_series_help(int s);

/* Distribution statistics of one month. */
typedef struct Distribution {
    double income_mean, income_median, income_p10, income_p90;  /* real [base-year $/year] */
    double consumption_median, consumption_p10;                 /* real [base-year $/year] */
    double consumption_displaced; /* mean over displaced; NaN if none [base-year $/year] */
    double uhi_displaced;         /* sum c/P now / sum c0 over displaced; NaN if none [-] */
    double gini_income, gini_money; /* [-] */
    double median_balance;        /* nominal [$ per worker] */
} Distribution;

/* Computes the month's distribution statistics. balance[0..n-1] holds the
 * balances at spending time; real consumption is balance v / P a year. At month
 * 0 it also records each agent's month-0 consumption in ag->c0. Sorts balance
 * and ag->income in place (they are scratch afterwards); work must hold n
 * doubles. block_sums must hold 3 block_count(n) doubles. */
void metrics_distribution(Agents *ag, double *balance, double *work, double *block_sums,
                          double price_level, double velocity, int month, Distribution *out);

/* Gini coefficient of sorted x[0..n-1] >= 0, n >= 1:
 * G = sum_i (2i - n - 1) x_(i) / (n sum_i x_(i)), i = 1..n; 0 if the sum is 0. */
double metrics_gini_sorted(const double *x, int n);

/* Quantile f in [0, 1] of sorted x[0..n-1], linear interpolation between order
 * statistics (R type 7): the bits of GSL's gsl_stats_quantile_from_sorted_data.
 * 0 if n = 0. */
double metrics_quantile_sorted(const double *x, int n, double f);
