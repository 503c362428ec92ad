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
    X(expected_inflation,        "1/year",                      0, "expected inflation after this month's update (log rate)") \
    X(ai_capability,             "-",                           0, "AI capability A (0 when AI is disabled)") \
    X(robot_capability,          "-",                           0, "robot capability R (0 before robots.start_year)") \
    X(robot_fleet,               "job-equivalents",             0, "robot fleet F") \
    X(robot_slots,               "workers",                     0, "jobs run by robots, never more than the fleet") \
    X(energy_gw,                 "GW",                          0, "energy capacity E for machines") \
    X(energy_wanted_gw,          "GW",                          0, "energy the machine slots want, sum_k kappa_k Q*_k, as average power") \
    X(output_scale,              "-",                           0, "factor f every machine slot's output is scaled by (1 unless the cap binds)") \
    X(cap_binding,               "0/1",                         0, "1 when the machines want more energy than E: their output is cut") \
    X(energy_gate_binding,       "0/1",                         0, "1 when the energy gate held back some of the month's new machine slots") \
    X(automation_held_back,      "workers",                     0, "jobs that stayed human this month because no energy was free to run their machines") \
    X(human_output,              "base-year $/year",            0, "output of human jobs Q_h") \
    X(machine_output,            "base-year $/year",            0, "output of machine slots Q_m") \
    X(machine_output_ai,         "base-year $/year",            0, "output of AI slots") \
    X(machine_output_robot,      "base-year $/year",            0, "output of robot slots") \
    X(employment_rate,           "-",                           0, "share of workers in human jobs") \
    X(unemployment_rate,         "-",                           0, "share of workers without a human job, 1 - employment_rate") \
    X(employment_rate_white,     "-",                           0, "share of white-collar workers in human jobs") \
    X(employment_rate_blue,      "-",                           0, "share of blue-collar workers in human jobs") \
    X(automated_share_white,     "-",                           0, "share of white-collar workers whose starting job is machine-run") \
    X(automated_share_blue,      "-",                           0, "share of blue-collar workers whose starting job is machine-run") \
    X(displaced,                 "workers",                     0, "workers without a human job after this month's labour step") \
    X(reemployed,                "workers",                     0, "workers re-employed this month") \
    X(automated,                 "workers",                     0, "jobs machines took over this month (their workers displaced)") \
    X(laid_off,                  "workers",                     0, "workers laid off this month: their job no longer pays at last month's real-wage gap") \
    X(failed_hires,              "workers",                     0, "job finds this month that failed: no job of the seeker's line of work pays at the gap") \
    X(months_displaced_mean,     "months",                      1, "mean months since the displaced lost their job (null if none)") \
    X(long_term_displaced_share, "-",                           0, "share of all workers displaced 12 months or more") \
    X(wage_index,                "-",                           0, "nominal wage index W = max(P, (1-d)^(1/12) W_prev)") \
    X(wage_gap,                  "-",                           0, "real-wage gap g = W / P (1: wages as flexible as prices)") \
    X(real_income_mean,          "base-year $/year per worker", 0, "mean real income: (net income - debt paid + debt received + new money) / P") \
    X(real_income_median,        "base-year $/year per worker", 0, "median real income") \
    X(real_income_p10,           "base-year $/year per worker", 0, "10th percentile of real income") \
    X(real_income_p90,           "base-year $/year per worker", 0, "90th percentile of real income") \
    X(real_income_bottom10,      "base-year $/year per worker", 0, "mean real income of the bottom decile (the ceil(N/10) lowest)") \
    X(real_consumption_mean,     "base-year $/year per worker", 0, "mean real consumption 12 c / P") \
    X(real_consumption_median,   "base-year $/year per worker", 0, "median real consumption") \
    X(real_consumption_p10,      "base-year $/year per worker", 0, "10th percentile of real consumption") \
    X(real_consumption_bottom10, "base-year $/year per worker", 0, "mean real consumption of the bottom decile") \
    X(real_consumption_displaced,"base-year $/year per worker", 1, "median real consumption of displaced workers (null if none)") \
    X(real_wage_employed,        "base-year $/year per worker", 1, "mean real wage of employed workers, before tax (null if none)") \
    X(capital_share,             "-",                           0, "capital income / nominal spending, Pi / S") \
    X(tax_revenue,               "nominal $/year",              0, "government revenue R = wage, machine and capital taxes") \
    X(ui_paid,                   "nominal $/year",              0, "unemployment insurance paid") \
    X(ui_scale,                  "-",                           0, "UI paid / UI claimed (1 when nothing is claimed): below 1 the tax base cannot fund the claims") \
    X(basic_income,              "nominal $/year per worker",   0, "revenue left after UI, paid equally to every worker") \
    X(money_created,             "nominal $",                   0, "new money this month, Delta M (negative: withdrawn)") \
    X(debt_outstanding,          "nominal $",                   0, "household debt still owed after this month's payments") \
    X(debt_outstanding_real,     "base-year $",                 0, "household debt outstanding / P") \
    X(debt_service_ratio,        "-",                           0, "debt payments made / disposable income (S, after taxes and transfers, before debt)") \
    X(defaults,                  "workers",                     0, "debtors who defaulted this month") \
    X(defaulted_share,           "-",                           1, "share of month-0 debtors who have defaulted so far (null without debt)") \
    X(gini_income,               "-",                           0, "Gini of real income across agents") \
    X(gini_money,                "-",                           0, "Gini of money balances (at spending time)") \
    X(real_median_balance,       "base-year $",                 0, "median money balance / P") \
    X(uhi_p10,                   "-",                           0, "p10 real consumption / its month-0 value") \
    X(uhi_median,                "-",                           0, "median real consumption / its month-0 value") \
    X(uhi_bottom10,              "-",                           0, "bottom-decile mean real consumption / its month-0 value") \
    X(uhi_displaced,             "-",                           1, "median over displaced workers of each one's real consumption / its own month-0 consumption (null if none)") \
    X(identity_mv_pq,            "-",                           0, "|M v - 12 P Q| / (12 P Q), v the velocity spent at") \
    X(identity_money,            "-",                           0, "|scale sum m - M| / M, money conservation") \
    X(identity_government,       "-",                           0, "|revenue - UI paid - basic income paid| / max(revenue, 1 $), the balanced budget")
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
    double income_bottom10;       /* mean of the ceil(n/10) lowest real incomes [base-year $/year] */
    double consumption_median, consumption_p10;                 /* real [base-year $/year] */
    double consumption_bottom10;  /* mean of the ceil(n/10) lowest [base-year $/year] */
    double months_displaced_mean; /* mean months since the displaced lost their job; NaN if none */
    long long long_term_displaced; /* agents displaced 12 months or more [agents] */
    double consumption_displaced; /* median over displaced; NaN if none [base-year $/year] */
    double uhi_displaced;         /* median over displaced of c now / c0; NaN if none [-] */
    double gini_income, gini_money; /* [-] */
    double median_balance;        /* nominal [$ per worker] */
} Distribution;

/* The month's sums over agents, as a kernel (metrics_kernel): it reads what
 * the incomes kernel wrote, so it can run right after it in the same pass. */
/* The [n] arrays are indexed by agent and hold this process's agents (agents.h);
 * the root's balance, income and displaced lists have all n entries. */
typedef struct MetricsPass {
    const uint8_t *status; /* [n] AGENT_* flags; borrowed */
    const int32_t *lost_month; /* [n] month of the last job lost; borrowed */
    const double *balance; /* [n] balances at spending time [nominal $ per worker]; borrowed */
    const double *income;  /* [n] this month's income [nominal $/month per worker]; borrowed */
    double *c0;            /* [n] month-0 real consumption, written at month 0; borrowed */
    double *displaced_c;   /* [n] each block's displaced agents' real consumption, packed at the
                            * block's start [base-year $/year]; borrowed scratch */
    double *displaced_ratio; /* [n] the same agents' c0 from the kernel, then (metrics_distribution)
                              * consumption / c0 of those with c0 > 0 [-]; borrowed scratch */
    long long *displaced_count; /* [2 blocks]: per block, the displaced packed, then the
                                 * ratios kept; borrowed scratch */
    double real_c;         /* v / P: balance -> real consumption a year */
    int month;
} MetricsPass;

/* Fills *pass for the agents ag at price P [-] and velocity [1/year];
 * displaced_c, displaced_ratio ([n]) and displaced_count ([2 blocks], zeroed
 * here) are scratch for the displaced agents' medians. */
void metrics_prepare(MetricsPass *pass, Agents *ag, const double *balance, const double *income,
                     double price_level, double velocity, int month, double *displaced_c,
                     double *displaced_ratio, long long *displaced_count, int blocks);

/* The kernel over one block: at month 0 records c0 = balance v / P; packs the
 * displaced agents' real consumption and their c0 into the pass's lists;
 * sum[2] = income in agent order; count[0] = displaced agents, count[1] = their
 * months since the job was lost, summed, count[2] = those displaced 12 months
 * or more, count[3] = agents whose income is negative. */
Kernel metrics_kernel(const MetricsPass *pass);

/* Computes the month's distribution statistics from the kernel's totals (over
 * every block), its displaced lists (pass: the medians over the displaced) and
 * the arrays balance (the balances at spending time) and income (the
 * incomes); real consumption is balance v / P a year. Each process fills in
 * its own agents' entries; the root (exec_root) gathers the other ranks' into
 * its arrays, which hold all n entries there (as do the displaced lists), and
 * alone computes the statistics, then broadcasts *out and occ_income. Before
 * the sort, occ_income[o] gets the mean real income of occupation o's agents
 * (agents occ_begin[o] .. occ_begin[o+1]-1 of ag, in agent order)
 * [base-year $/year per worker]. Then, on the root, the displaced medians
 * (their lists are reordered and afterwards scratch), then income and balance
 * are sorted, at once on two threads when there are two, with work and the
 * pass's displaced_c as scratch; balance, income, work and the lists hold
 * unspecified values afterwards there. work must hold n doubles on the root;
 * the other ranks' work is not touched. ex: the execution layer, which gathers and
 * broadcasts over ranks and runs the two sorts. Collective over a split run's
 * ranks. */
void metrics_distribution(const Exec *ex, const BlockResult *totals, const MetricsPass *pass,
                          const Agents *ag, double *balance, double *income, double *work,
                          double price_level, double velocity, double *occ_income,
                          Distribution *out);

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

/* The month's household debt in aggregate (MODEL.md 4f). */
typedef struct DebtMonth {
    double outstanding;   /* after this month's payments [nominal $] */
    double paid;          /* payments made this month, scale sum of pay [nominal $/month] */
    long long defaults;   /* this month [agents] */
    long long defaulted;  /* so far [agents] */
    long long debtors;    /* at month 0 [agents]; 0 without debt */
} DebtMonth;

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
    long long reemployed, laid_off, failed_hires; /* this month's labour step [agents] */
    long long automated;           /* jobs machines took over this month [agents] */
    long long held_back;           /* adopters the energy gate kept human [agents] */
    double gap;                    /* real-wage gap W / P [-] */
    DebtMonth debt;
    double p10_c0, median_c0, bottom10_c0; /* month-0 real consumption p10, median and
                                            * bottom-decile mean [base-year $/year] */
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
