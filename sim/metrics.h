/* metrics.h - The monthly series (MODEL.md section 6) and the distribution
 * statistics behind them: quantiles, Gini, group means. */
#pragma once
#include <stdbool.h>

#include "agents.h"
#include "exec.h"
#include "incomes.h"
#include "money.h"
#include "production.h"
#include "technology.h"

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

/* The month's sums over agents, as a kernel (metrics_kernel): it reads what
 * the incomes kernel wrote, so it can run right after it in the same pass. */
typedef struct MetricsPass {
    const uint8_t *status; /* [n] AGENT_* flags; borrowed */
    const double *balance; /* [n] balances at spending time [nominal $ per worker]; borrowed */
    const double *income;  /* [n] this month's income [nominal $/month per worker]; borrowed */
    double *c0;            /* [n] month-0 real consumption, written at month 0; borrowed */
    double real_c;         /* v / P: balance -> real consumption a year */
    int month;
} MetricsPass;

/* Fills *pass for the agents ag at price P [-] and velocity [1/year]. */
void metrics_prepare(MetricsPass *pass, Agents *ag, const double *balance, const double *income,
                     double price_level, double velocity, int month);

/* The kernel over one block: at month 0 records c0 = balance v / P; sum[0] = real
 * consumption of displaced agents, sum[1] = their month-0 consumption, sum[2] =
 * income, all in agent order; count[0] = displaced agents. */
Kernel metrics_kernel(const MetricsPass *pass);

/* Computes the month's distribution statistics from the kernel's totals (over
 * every block) and the whole arrays: balance[0..n-1] holds the balances at
 * spending time, income[0..n-1] the incomes (each rank fills in the other
 * ranks' agents here); real consumption is balance v / P a year. Sorts balance
 * and income in place (they are scratch afterwards); work must hold n doubles.
 * ex: the execution layer, which shares the arrays over ranks. */
void metrics_distribution(const Exec *ex, const BlockResult *totals, int n, double *balance, double *income,
                          double *work, double price_level, double velocity, Distribution *out);

/* Employed agents and agents whose starting job is machine-run, per occupation,
 * as a kernel (metrics_occupation_kernel). Occupations are contiguous runs of
 * agents; an occupation inside one block is counted straight into `counts`, the
 * first and last occupation of a block (which other blocks may share) into that
 * block's entries of `edge`. */
typedef struct OccupationPass {
    const Agents *ag;  /* borrowed */
    long long *counts; /* [2 n_occ]: employed, automated; borrowed scratch */
    long long *edge;   /* [4 blocks]: first occupation's two counts, then the last's; borrowed */
} OccupationPass;

/* Zeroes pass->counts for this month (call before the pass). */
void metrics_occupation_prepare(OccupationPass *pass);

/* The kernel over one block (returns no sums). */
Kernel metrics_occupation_kernel(const OccupationPass *pass);

/* After the pass: the whole run's counts (this process's blocks, then over the
 * ranks of ex), written as workers (x scale) into employed[o * months + month]
 * and automated[o * months + month]; automated_class[c] = automated agents of
 * class c (the table's row classes). */
void metrics_occupations(const OccupationPass *pass, const Exec *ex, const OccupationTable *t,
                         double scale, int month, int months, double *employed, double *automated,
                         long long automated_class[2]);

/* Everything the month's row of series is made of (borrowed pointers). */
typedef struct MonthRecord {
    int month;
    double start_year;             /* run.start_year */
    const Agents *ag;              /* scale, n, class sizes, labour share */
    const Technology *tech;
    const Production *prod;
    const Spending *spending;
    const IncomeTerms *incomes;
    const Distribution *dist;
    double velocity;               /* v spent at [1/year] */
    double money_stock;            /* M after this month's new money [nominal $] */
    double money_created;          /* Delta M [nominal $] */
    double sum_m;                  /* sum of balances after incomes [nominal $ per worker] */
    long long robot_slots;         /* machine-run robot slots [agents] */
    long long automated_class[2];  /* agents whose starting job is machine-run, by class */
    long long reemployed;          /* [agents] */
    double p10_c0, median_c0;      /* month-0 real consumption p10 and median [base-year $/year] */
} MonthRecord;

/* Assembles the month's row row[0..SERIES_COUNT-1] (MODEL.md 6); a nullable
 * series of an empty group is NaN. */
void metrics_row(const MonthRecord *r, double *row);

/* Gini coefficient of sorted x[0..n-1] >= 0, n >= 1:
 * G = sum_i (2i - n - 1) x_(i) / (n sum_i x_(i)), i = 1..n; 0 if the sum is 0. */
double metrics_gini_sorted(const double *x, int n);

/* Quantile f in [0, 1] of sorted x[0..n-1], linear interpolation between order
 * statistics (R type 7): the bits of GSL's gsl_stats_quantile_from_sorted_data.
 * 0 if n = 0. */
double metrics_quantile_sorted(const double *x, int n, double f);
