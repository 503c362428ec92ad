/* metrics.c - The month's distribution (quantiles, Gini, group means; MODEL.md 6),
 * the per-occupation counts and the month's row of series. The values are
 * sorted exactly by exact_sort.c. */
#include "metrics.h"

#include <math.h>
#include <string.h>

#include "exact_sort.h"

static const char *const SERIES_NAME[] = {
#define X(name, unit, nullable, help) #name,
    SERIES_LIST(X)
#undef X
};
static const char *const SERIES_UNIT[] = {
#define X(name, unit, nullable, help) unit,
    SERIES_LIST(X)
#undef X
};
static const bool SERIES_NULLABLE[] = {
#define X(name, unit, nullable, help) nullable,
    SERIES_LIST(X)
#undef X
};
static const char *const SERIES_HELP[] = {
#define X(name, unit, nullable, help) help,
    SERIES_LIST(X)
#undef X
};

const char *metrics_series_name(int s) { return SERIES_NAME[s]; }
const char *metrics_series_unit(int s) { return SERIES_UNIT[s]; }
bool metrics_series_nullable(int s) { return SERIES_NULLABLE[s]; }
const char *metrics_series_help(int s) { return SERIES_HELP[s]; }

/* The rules of MODEL.md 6 on sorted values x_(1) <= ... <= x_(n) (ties in any
 * order give the same results). Gini:
 *   G = sum_i (2i - n - 1) x_(i) / (n sum_i x_(i)),  i = 1..n;  0 if sum x = 0
 * (exact_gini_weight holds the weight, as the sorted sums take it there). */
static inline double gini_of(double weighted, double total, int n)
{
    return total > 0 ? weighted / ((double)n * total) : 0.0;
}

double metrics_gini_sorted(const double *x, int n)
{
    double weighted = 0.0, total = 0.0;
    for (int i = 0; i < n; i++) {
        weighted += exact_gini_weight(i, n) * x[i];
        total += x[i];
    }
    return gini_of(weighted, total, n);
}

/* Quantile f (R type 7, GSL's gsl_stats_quantile_from_sorted_data, with the
 * same operations so the same bits): at position h = (n - 1) f between order
 * statistics x[j] and x[j+1], j = floor(h),
 *   Q(f) = (1 - d) x[j] + d x[j+1],  d = h - j;  x[n-1] at the top; 0 if n = 0.
 * quantile_rank gives j; quantile_combine the rest from x[j] and x[j+1]. */
static inline int quantile_rank(int n, double f) { return (int)(f * (n - 1)); }

static inline double quantile_combine(double lower, double upper, int n, double f)
{
    const double h = f * (n - 1);
    const int j = (int)h;
    const double d = h - j;
    return j == n - 1 ? lower : (1 - d) * lower + d * upper;
}

double metrics_quantile_sorted(const double *x, int n, double f)
{
    if (n == 0)
        return 0.0;
    const int j = quantile_rank(n, f);
    return quantile_combine(x[j], x[j < n - 1 ? j + 1 : j], n, f);
}

/* Asks *s for the two order statistics quantile f of n >= 1 values needs;
 * returns the slot of the lower one for stats_quantile. */
static int want_quantile(SortedStats *s, int n, double f)
{
    const int j = quantile_rank(n, f), slot = s->n_ranks;
    s->rank[slot] = j;
    s->rank[slot + 1] = j < n - 1 ? j + 1 : j;
    s->n_ranks += 2;
    return slot;
}

static double stats_quantile(const SortedStats *s, int slot, int n, double f)
{
    return quantile_combine(s->at[slot], s->at[slot + 1], n, f);
}

void metrics_prepare(MetricsPass *pass, Agents *ag, const double *balance, const double *income,
                     double price_level, double velocity, int month, double *displaced_c,
                     double *displaced_ratio, long long *displaced_count, int blocks)
{
    *pass = (MetricsPass){.status = ag->status, .lost_month = ag->lost_month, .balance = balance,
                          .income = income, .c0 = ag->c0, .displaced_c = displaced_c,
                          .displaced_ratio = displaced_ratio, .displaced_count = displaced_count,
                          .real_c = velocity / price_level, .month = month};
    /* every rank adds its blocks' counts to zeros (exec_sum_counts) */
    memset(displaced_count, 0, 2 * (size_t)blocks * sizeof *displaced_count);
}

static void metrics_block(const void *ctx, Block blk, BlockResult *out)
{
    const MetricsPass *p = ctx;
    const uint8_t *restrict status = p->status;
    const int32_t *restrict lost = p->lost_month;
    const double *restrict income_of = p->income, *restrict bal = p->balance;
    double *restrict c0 = p->c0;
    double *restrict list_c = p->displaced_c, *restrict list_r = p->displaced_ratio;
    const double real_c = p->real_c;
    const int month = p->month;
    double income = 0;
    long long displaced = 0, months = 0, long_term = 0, negative = 0;
    int kc = blk.begin; /* the lists' end */
    for (int i = blk.begin; i < blk.end; i++) {
        const double c = bal[i] * real_c;
        if (p->month == 0)
            c0[i] = c;
        income += income_of[i];
        negative += income_of[i] < 0;
        /* branch-free, as displacement is random across agents: every agent
         * writes at the list's end, which moves on only for the displaced */
        const int d = !(status[i] & AGENT_EMPLOYED);
        list_c[kc] = c;
        list_r[kc] = c0[i]; /* the ratio waits for the few: metrics_distribution */
        kc += d;
        displaced += d;
        const int spell = d * (month - lost[i]);
        months += spell;
        long_term += spell >= 12;
    }
    p->displaced_count[2 * (size_t)blk.index] = kc - blk.begin;
    out->sum[2] = income;
    out->count[0] = displaced;
    out->count[1] = months;
    out->count[2] = long_term;
    out->count[3] = negative;
}

Kernel metrics_kernel(const MetricsPass *pass) { return (Kernel){metrics_block, pass}; }

/* The median of the values the blocks packed into list (the lists of the
 * metrics kernel: block b's count[2 b + which] values at its start), moved
 * together at the list's start; NaN if there are none. A median does not
 * depend on the order of its values, so this is the same for any thread or
 * rank count. The list is reordered; work holds n doubles. */
static double packed_median(const Exec *ex, double *list, const long long *count, int which,
                            double *work)
{
    const BlockPlan *plan = exec_block_plan(ex);
    size_t k = 0;
    for (int b = 0; b < plan->blocks; b++) {
        const size_t c = (size_t)count[2 * (size_t)b + (size_t)which];
        memmove(list + k, list + exec_block_begin(b), c * sizeof *list);
        k += c;
    }
    return exact_median_nonnegative(list, work, (int)k);
}

/* One array's sort and sums, as a task for exec_tasks. */
typedef struct SortJob {
    double *x, *scratch; /* [n] each */
    int n;
    bool negatives;      /* x may hold values below 0 */
    SortedStats *stats;
} SortJob;

static void sort_job(void *ctx)
{
    const SortJob *j = ctx;
    if (j->negatives)
        exact_sort_stats_finite(j->x, j->scratch, j->n, j->stats);
    else
        exact_sort_stats_nonnegative(j->x, j->scratch, j->n, j->stats);
}

/* metrics_distribution's statistics, on the root (which holds every agent's
 * value by now). */
static void distribution_on_root(const Exec *ex, const BlockResult *totals,
                                 const MetricsPass *pass, const Agents *ag, double *balance,
                                 double *income_of, double *work, double price_level,
                                 double velocity, double *occ_income, Distribution *out)
{
    const int n = ag->n;
    const double real_c = velocity / price_level; /* m -> real consumption a year */
    const double income = totals->sum[2];
    const long long displaced = totals->count[0];
    const int blocks = exec_block_plan(ex)->blocks;
    long long *count = pass->displaced_count;
    /* each block's ratios c / c0, over its displaced with c0 > 0, in place of c0 */
    for (int b = 0; b < blocks; b++) {
        double *c = pass->displaced_c + exec_block_begin(b), *r = pass->displaced_ratio + exec_block_begin(b);
        long long kept = 0;
        for (long long j = 0; j < count[2 * (size_t)b]; j++)
            if (r[j] > 0)
                r[kept++] = c[j] / r[j];
        count[2 * (size_t)b + 1] = kept;
    }
    out->consumption_displaced =
        packed_median(ex, pass->displaced_c, pass->displaced_count, 0, work);
    out->uhi_displaced =
        packed_median(ex, pass->displaced_ratio, pass->displaced_count, 1, work);
    out->months_displaced_mean = displaced > 0 ? (double)totals->count[1] / (double)displaced : NAN;
    out->long_term_displaced = totals->count[2];

    /* quantiles and Gini need every agent's value, whichever rank stepped it */
    const double real_y = 12.0 / price_level; /* nominal income a month -> real a year */
    out->income_mean = income / n * real_y;
    for (int o = 0; o < ag->n_occ; o++) {
        const int lo = ag->occ_begin[o], hi = ag->occ_begin[o + 1];
        double s = 0;
        for (int i = lo; i < hi; i++)
            s += income_of[i];
        occ_income[o] = hi > lo ? s / (hi - lo) * real_y : 0.0;
    }
    /* the sorted values are summed as the sort leaves them in cache (MODEL.md 6:
     * the bottom decile is the ceil(n/10) lowest); with two threads the two
     * sorts run at once (with more, one after the other on all of them,
     * exec_tasks), the second with the displaced agents' list, free now, as
     * its scratch */
    const int decile = (int)(((long long)n + 9) / 10);
    SortedStats in = {.head = decile}, bal = {.head = decile};
    const int in_median = want_quantile(&in, n, 0.5), in_p10 = want_quantile(&in, n, 0.1),
              in_p90 = want_quantile(&in, n, 0.9);
    const int bal_median = want_quantile(&bal, n, 0.5), bal_p10 = want_quantile(&bal, n, 0.1);
    SortJob jobs[2] = {
        /* an income below 0 (a debt payment above the month's income) is rare */
        {income_of, work, n, totals->count[3] > 0, &in},
        {balance, pass->displaced_c, n, false, &bal}}; /* balances are never negative */
    const Task tasks[2] = {{sort_job, &jobs[0]}, {sort_job, &jobs[1]}};
    exec_tasks(tasks, 2);
    out->income_bottom10 = in.head_sum / decile * real_y;
    out->income_median = stats_quantile(&in, in_median, n, 0.5) * real_y;
    out->income_p10 = stats_quantile(&in, in_p10, n, 0.1) * real_y;
    out->income_p90 = stats_quantile(&in, in_p90, n, 0.9) * real_y;
    out->gini_income = gini_of(in.weighted, in.total, n);
    out->median_balance = stats_quantile(&bal, bal_median, n, 0.5);
    out->consumption_median = out->median_balance * real_c;
    out->consumption_p10 = stats_quantile(&bal, bal_p10, n, 0.1) * real_c;
    out->consumption_bottom10 = bal.head_sum / decile * real_c;
    out->gini_money = gini_of(bal.weighted, bal.total, n);
}

void metrics_distribution(const Exec *ex, const BlockResult *totals, const MetricsPass *pass,
                          const Agents *ag, double *balance, double *income_of, double *work,
                          double price_level, double velocity, double *occ_income,
                          Distribution *out)
{
    /* the medians over the displaced (MODEL.md 6): who they are changes every
     * month, and a ratio of sums would report the few rich among them */
    const int blocks = exec_block_plan(ex)->blocks;
    long long *count = pass->displaced_count;
    exec_sum_counts(ex, count, 2 * blocks);
    /* what needs every agent's value is computed by the root alone, which
     * gathers the lists, incomes and balances and broadcasts the results */
    exec_gather_root(ex, pass->displaced_c);
    exec_gather_root(ex, pass->displaced_ratio);
    exec_gather_root(ex, income_of);
    exec_gather_root(ex, balance);
    if (exec_root(ex))
        distribution_on_root(ex, totals, pass, ag, balance, income_of, work, price_level,
                             velocity, occ_income, out);
    exec_broadcast(ex, out, sizeof *out);
    exec_broadcast(ex, occ_income, (size_t)ag->n_occ * sizeof *occ_income);
}

void metrics_occupation_prepare(OccupationPass *pass)
{
    memset(pass->counts, 0, (size_t)pass->ag->n_occ * 2 * sizeof *pass->counts);
}

static void occupation_block(const void *ctx, Block blk, BlockResult *out)
{
    (void)out;
    const OccupationPass *p = ctx;
    const Agents *ag = p->ag;
    const int first = ag->occ[blk.begin], last = ag->occ[blk.end - 1];
    long long *edge = &p->edge[4 * (size_t)blk.index];
    edge[2] = edge[3] = 0;
    for (int o = first; o <= last; o++) {
        const int lo = ag->occ_begin[o] > blk.begin ? ag->occ_begin[o] : blk.begin;
        const int hi = ag->occ_begin[o + 1] < blk.end ? ag->occ_begin[o + 1] : blk.end;
        long long e = 0, a = 0;
        for (int i = lo; i < hi; i++) {
            e += ag->status[i] & AGENT_EMPLOYED;
            a += (uint8_t)(ag->slot[i] - TECH_AI) < 2; /* TECH_AI or TECH_ROBOT */
        }
        /* the block's first and last occupation may run on into other blocks */
        long long *to = o == first ? edge : o == last ? edge + 2 : &p->counts[2 * o];
        to[0] = e;
        to[1] = a;
    }
}

Kernel metrics_occupation_kernel(const OccupationPass *pass)
{
    return (Kernel){occupation_block, pass};
}

void metrics_occupations(const OccupationPass *pass, const Exec *ex, const OccupationTable *t,
                         double scale, int month, int months, double *employed, double *automated,
                         long long automated_class[2])
{
    const Agents *ag = pass->ag;
    const BlockPlan *plan = exec_block_plan(ex);
    long long *counts = pass->counts;
    for (int b = plan->lo; b < plan->hi; b++) {
        const long long *edge = &pass->edge[4 * (size_t)b];
        const int first = ag->occ[exec_block_begin(b)];
        const int last = ag->occ[exec_block_end(b, ag->n) - 1];
        counts[2 * first] += edge[0];
        counts[2 * first + 1] += edge[1];
        if (last != first) {
            counts[2 * last] += edge[2];
            counts[2 * last + 1] += edge[3];
        }
    }
    exec_sum_counts(ex, counts, 2 * ag->n_occ);
    automated_class[CLASS_WHITE] = automated_class[CLASS_BLUE] = 0;
    for (int o = 0; o < ag->n_occ; o++) {
        const long long e = counts[2 * o], a = counts[2 * o + 1];
        employed[(size_t)o * months + month] = (double)e * scale;
        automated[(size_t)o * months + month] = (double)a * scale;
        automated_class[t->rows[o].job_class] += a;
    }
}

void metrics_row(const MonthRecord *r, double *row)
{
    const Agents *ag = r->ag;
    const Technology *tech = r->tech;
    const Production *prod = r->prod;
    const Distribution *dist = r->dist;
    const IncomeTerms *in = r->incomes;
    const Fiscal *fiscal = &in->fiscal;
    const DebtMonth *debt = &r->debt;
    const int n = ag->n;
    const double scale = ag->scale;
    const double spending = r->spending->spending, price = r->spending->price;
    const double capital_income = in->capital_income;
    const long long employed = prod->employed[CLASS_WHITE] + prod->employed[CLASS_BLUE];
    const long long displaced = n - employed;
    const double M = r->money_stock;
    const double L = scale * n;
    const double nw = (double)ag->n_class[CLASS_WHITE], nb = (double)ag->n_class[CLASS_BLUE];
    const double kwh_to_gw = 1.0 / (1e6 * 730.0); /* kWh a month as average GW */
    row[SERIES_month] = r->month;
    row[SERIES_year] = r->start_year + tech->years;
    row[SERIES_money_stock] = M;
    row[SERIES_velocity] = 12.0 * spending / M;
    row[SERIES_price_level] = price;
    row[SERIES_output] = 12.0 * prod->output;
    row[SERIES_nominal_gdp] = 12.0 * spending;
    row[SERIES_inflation] = r->spending->inflation;
    row[SERIES_expected_inflation] = r->spending->expected_inflation;
    row[SERIES_ai_capability] = tech->ai;
    row[SERIES_robot_capability] = tech->robot;
    row[SERIES_robot_fleet] = tech->fleet;
    row[SERIES_robot_slots] = (double)r->robot_slots * scale;
    row[SERIES_energy_gw] = tech->energy_gw;
    row[SERIES_energy_wanted_gw] = prod->energy_wanted * kwh_to_gw;
    row[SERIES_output_scale] = prod->energy_scale;
    row[SERIES_cap_binding] = prod->cap_binding;
    row[SERIES_energy_gate_binding] = r->held_back > 0;
    row[SERIES_automation_held_back] = (double)r->held_back * scale;
    row[SERIES_human_output] = 12.0 * prod->human;
    row[SERIES_machine_output] = 12.0 * prod->machine;
    row[SERIES_machine_output_ai] = 12.0 * prod->machine_tech[TECH_AI];
    row[SERIES_machine_output_robot] = 12.0 * prod->machine_tech[TECH_ROBOT];
    row[SERIES_employment_rate] = (double)employed / n;
    row[SERIES_unemployment_rate] = (double)displaced / n;
    row[SERIES_employment_rate_white] = nw > 0 ? (double)prod->employed[CLASS_WHITE] / nw : 0.0;
    row[SERIES_employment_rate_blue] = nb > 0 ? (double)prod->employed[CLASS_BLUE] / nb : 0.0;
    row[SERIES_automated_share_white] = nw > 0 ? (double)r->automated_class[CLASS_WHITE] / nw : 0.0;
    row[SERIES_automated_share_blue] = nb > 0 ? (double)r->automated_class[CLASS_BLUE] / nb : 0.0;
    row[SERIES_displaced] = (double)displaced * scale;
    row[SERIES_reemployed] = (double)r->reemployed * scale;
    row[SERIES_automated] = (double)r->automated * scale;
    row[SERIES_laid_off] = (double)r->laid_off * scale;
    row[SERIES_failed_hires] = (double)r->failed_hires * scale;
    row[SERIES_months_displaced_mean] = dist->months_displaced_mean;
    row[SERIES_long_term_displaced_share] = (double)dist->long_term_displaced / n;
    row[SERIES_wage_index] = in->wage_index;
    row[SERIES_wage_gap] = r->gap;
    row[SERIES_real_income_mean] = dist->income_mean;
    row[SERIES_real_income_median] = dist->income_median;
    row[SERIES_real_income_p10] = dist->income_p10;
    row[SERIES_real_income_p90] = dist->income_p90;
    row[SERIES_real_income_bottom10] = dist->income_bottom10;
    row[SERIES_real_consumption_mean] = 12.0 * spending / price / L;
    row[SERIES_real_consumption_median] = dist->consumption_median;
    row[SERIES_real_consumption_p10] = dist->consumption_p10;
    row[SERIES_real_consumption_bottom10] = dist->consumption_bottom10;
    row[SERIES_real_consumption_displaced] = dist->consumption_displaced;
    row[SERIES_real_wage_employed] =
        employed > 0 ? 12.0 * in->wage_bill / price / (scale * (double)employed) : NAN;
    row[SERIES_capital_share] = capital_income / spending;
    row[SERIES_tax_revenue] = 12.0 * fiscal->revenue;
    row[SERIES_ui_paid] = 12.0 * fiscal->ui_paid;
    row[SERIES_ui_scale] = fiscal->ui_scale;
    row[SERIES_basic_income] = 12.0 * fiscal->basic_income;
    row[SERIES_money_created] = r->money_created;
    row[SERIES_debt_outstanding] = debt->outstanding;
    row[SERIES_debt_outstanding_real] = debt->outstanding / price;
    row[SERIES_debt_service_ratio] = debt->paid / spending;
    row[SERIES_defaults] = (double)debt->defaults * scale;
    row[SERIES_defaulted_share] =
        debt->debtors > 0 ? (double)debt->defaulted / (double)debt->debtors : NAN;
    row[SERIES_gini_income] = dist->gini_income;
    row[SERIES_gini_money] = dist->gini_money;
    row[SERIES_real_median_balance] = dist->median_balance / price;
    row[SERIES_uhi_p10] = r->p10_c0 > 0 ? dist->consumption_p10 / r->p10_c0 : 0.0;
    row[SERIES_uhi_median] = r->median_c0 > 0 ? dist->consumption_median / r->median_c0 : 0.0;
    row[SERIES_uhi_bottom10] = r->bottom10_c0 > 0 ? dist->consumption_bottom10 / r->bottom10_c0 : 0.0;
    row[SERIES_uhi_displaced] = dist->uhi_displaced;
    row[SERIES_identity_mv_pq] =
        fabs(M * r->velocity - 12.0 * price * prod->output) / (12.0 * price * prod->output);
    row[SERIES_identity_money] = fabs(scale * r->sum_m - M) / M;
    row[SERIES_identity_government] =
        fabs(fiscal->revenue - fiscal->ui_paid - fiscal->basic_income * L) / fmax(fiscal->revenue, 1.0);
}
