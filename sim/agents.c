/* agents.c - Agent state and its initialisation (MODEL.md section 2). */
#include "agents.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "debt.h"
#include "exec.h"
#include "order.h"
#include "rng.h"
#include "wages.h"

void agents_destroy(Agents *ag)
{
    if (ag == NULL)
        return;
    const int first = ag->first;
    free(ag->occ_begin);
    exec_span_free(ag->occ, first, sizeof *ag->occ);
    exec_span_free(ag->job_class, first, sizeof *ag->job_class);
    exec_span_free(ag->status, first, sizeof *ag->status);
    exec_span_free(ag->slot, first, sizeof *ag->slot);
    exec_span_free(ag->a, first, sizeof *ag->a);
    exec_span_free(ag->theta_ai, first, sizeof *ag->theta_ai);
    exec_span_free(ag->theta_rb, first, sizeof *ag->theta_rb);
    exec_span_free(ag->m, first, sizeof *ag->m);
    exec_span_free(ag->k, first, sizeof *ag->k);
    exec_span_free(ag->c0, first, sizeof *ag->c0);
    exec_span_free(ag->viab, first, sizeof *ag->viab);
    exec_span_free(ag->lost_month, first, sizeof *ag->lost_month);
    exec_span_free(ag->pay, first, sizeof *ag->pay);
    free(ag);
}

void agents_allocate(int n, const double *w, int count, int *out)
{
    double total = 0;
    for (int o = 0; o < count; o++)
        total += w[o];
    int given = 0;
    for (int o = 0; o < count; o++) {
        out[o] = (int)floor((double)n * w[o] / total);
        given += out[o];
    }
    /* hand the rest out one by one to the largest remainders; count is small */
    while (given < n) {
        int best = -1;
        double best_rem = -1;
        for (int o = 0; o < count; o++) {
            double rem = (double)n * w[o] / total - (double)out[o];
            if (rem > best_rem) {
                best_rem = rem;
                best = o;
            }
        }
        out[best]++;
        given++;
    }
}

/* Runs one kernel over the blocks [plan->lo, plan->hi) on this process alone
 * (nothing shared over ranks); returns nonzero if a block failed (its
 * count[0]) or the pass could not be set up. */
static int run_blocks(const BlockPlan *plan, Kernel k)
{
    BlockPlan here = *plan;
    here.local = true;
    Exec *ex = exec_create(&here);
    if (ex == NULL)
        return 1;
    BlockResult total;
    exec_pass(ex, &k, 1, &total);
    exec_destroy(ex);
    return total.count[0] != 0;
}

/* run_blocks over every block of n agents: work the root does for all agents
 * (the wages it ranks, the copula draws over all of them). */
static int run_local_pass(int n, Kernel k)
{
    const BlockPlan plan = exec_plan_local(n);
    return run_blocks(&plan, k);
}

/* The copula's Gaussian z of each agent (agents_ownership), as its sort key:
 * only z's order is used. */
typedef struct CopulaDraws {
    const int *wage_rank;
    int n;
    double rho, rest; /* rho and sqrt(1 - rho^2) */
    uint64_t seed;
    uint64_t *key;    /* [n] written: order_key(z) */
} CopulaDraws;

static void copula_block(const void *ctx, Block blk, BlockResult *out)
{
    const CopulaDraws *d = ctx;
    gsl_rng *r = rng_create();
    if (r == NULL) {
        out->count[0] = 1;
        return;
    }
    /* locals: the stores to z would otherwise make every field be read again */
    const int *wage_rank = d->wage_rank, n = d->n;
    const double rho = d->rho, rest = d->rest;
    const uint64_t seed = d->seed;
    uint64_t *key = d->key;
    for (int i = blk.begin; i < blk.end; i++) {
        rng_seek(r, seed, RNG_STREAM_INIT_OWNERSHIP, 0, (uint32_t)i);
        double u = (wage_rank[i] + 0.5) / n;
        key[i] = order_key(rho * gsl_cdf_ugaussian_Pinv(u) +
                           rest * gsl_ran_gaussian_ziggurat(r, 1.0));
    }
    gsl_rng_free(r);
}

/* Each agent's wage and thresholds from its occupation row (agents_create). */
typedef struct WageDraws {
    const Params *p;
    const int *occ_begin; /* [n_occ + 1]: the rows' agents, so any agent's row is known */
    Agents *ag;    /* theta_ai, theta_rb, status written; NULL: the wages alone */
    double *wage;  /* written at the agent's index [nominal $/year] */
} WageDraws;

/* The occupation row of agent i: the last row beginning at or before i (rows
 * without agents begin where the next one does, so this one holds i). */
static int row_of(const int *occ_begin, int n_occ, int i)
{
    int lo = 0, hi = n_occ - 1;
    while (lo < hi) {
        const int mid = lo + (hi - lo + 1) / 2;
        if (occ_begin[mid] <= i)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static void wage_block(const void *ctx, Block blk, BlockResult *out)
{
    const WageDraws *d = ctx;
    const Params *p = d->p;
    Agents *ag = d->ag;
    const int *occ_begin = d->occ_begin;
    const double sigma = p->population.wage_sigma;
    gsl_rng *r = rng_create();
    if (r == NULL) {
        out->count[0] = 1;
        return;
    }
    int o = row_of(occ_begin, p->occupations.count, blk.begin);
    for (int i = blk.begin; i < blk.end; i++) {
        while (i >= occ_begin[o + 1])
            o++;
        const Occupation *row = &p->occupations.rows[o];
        rng_seek(r, p->run.seed, RNG_STREAM_INIT_WAGE, 0, (uint32_t)i);
        d->wage[i] = row->mean_wage * exp(sigma * gsl_ran_gaussian_ziggurat(r, 1.0) -
                                          0.5 * sigma * sigma);
        if (ag == NULL)
            continue;
        /* ln theta = ln threshold + span (1 - x) + sigma_theta z */
        rng_seek(r, p->run.seed, RNG_STREAM_INIT_THRESHOLD_AI, 0, (uint32_t)i);
        ag->theta_ai[i] = p->ai.threshold *
                          exp(p->ai.difficulty_span * (1.0 - row->ai_exposure) +
                              p->ai.threshold_sigma * gsl_ran_gaussian_ziggurat(r, 1.0));
        rng_seek(r, p->run.seed, RNG_STREAM_INIT_THRESHOLD_ROBOT, 0, (uint32_t)i);
        ag->theta_rb[i] = p->robots.threshold *
                          exp(p->robots.difficulty_span * (1.0 - row->robot_exposure) +
                              p->robots.threshold_sigma * gsl_ran_gaussian_ziggurat(r, 1.0));
        ag->status[i] = AGENT_EMPLOYED;
    }
    gsl_rng_free(r);
}

double agents_dfa_lorenz(const OwnershipParams *p, double x)
{
    const double s = p->non_owner_share, b50 = p->share_bottom50, m40 = p->share_50_90,
                 t1 = p->share_top1;
    if (x <= s)
        return 0.0;
    if (x <= 0.5)
        return b50 * (x - s) / (0.5 - s);
    if (x <= 0.9)
        return b50 + m40 * (x - 0.5) / 0.4;
    if (x <= 0.99) /* ranks 90-99 % hold what the other groups leave */
        return b50 + m40 + (1.0 - b50 - m40 - t1) * (x - 0.9) / 0.09;
    if (x >= 1.0)
        return 1.0;
    /* a Pareto(alpha) tail: the top fraction q of ranks holds t1 (q/0.01)^(1-1/alpha) */
    return 1.0 - t1 * pow((1.0 - x) / 0.01, 1.0 - 1.0 / p->top_alpha);
}

/* agents_ownership in storage the caller lends: key and key_scratch [n] each,
 * overwritten (the copula's sort keys), and order and index_scratch [n] each,
 * overwritten (order is left holding the agents by z rank). */
static SimStatus ownership_in(const OwnershipParams *p, uint64_t seed, const int *wage_rank,
                              int n, double *k, uint64_t *key, uint64_t *key_scratch, int *order,
                              uint32_t *index_scratch, SimError *err)
{
    if (p->distribution == OWNERSHIP_EQUAL) {
        for (int i = 0; i < n; i++)
            k[i] = 1.0 / n;
        return SIM_OK;
    }
    const double rho = p->wage_correlation;
    const CopulaDraws draws = {.wage_rank = wage_rank, .n = n, .rho = rho,
                               .rest = sqrt(1.0 - rho * rho), .seed = seed, .key = key};
    if (run_local_pass(n, (Kernel){copula_block, &draws}))
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory creating random generators");
    order_by_key(key, key_scratch, order, index_scratch, n);
    if (p->distribution == OWNERSHIP_DFA) {
        /* weights telescope: the ranks [r0, r1) hold L(r1/n) - L(r0/n), the
         * configured group shares at any n. L(n/n) = 1 and L(0) = 0 exactly;
         * dividing by the computed sum would only move the rounding elsewhere */
        double below = 0.0; /* L(rank/n) */
        for (int rank = 0; rank < n; rank++) {
            const double upto = agents_dfa_lorenz(p, (double)(rank + 1) / n);
            k[order[rank]] = upto - below;
            below = upto;
        }
        return SIM_OK;
    }
    int non_owners = (int)floor(p->non_owner_share * n);
    int owners = n - non_owners;
    for (int rank = 0; rank < non_owners; rank++)
        k[order[rank]] = 0.0;
    /* Pareto quantile (1 - u)^(-1/alpha), x_m = 1: a fixed grid, no sampling noise */
    double total = 0;
    for (int rank = non_owners; rank < n; rank++) {
        double u = (rank - non_owners + 0.5) / owners;
        double w = gsl_cdf_pareto_Pinv(u, p->pareto_alpha, 1.0);
        k[order[rank]] = w;
        total += w;
    }
    for (int i = 0; i < n; i++)
        k[i] /= total;
    return SIM_OK;
}

SimStatus agents_ownership(const OwnershipParams *p, uint64_t seed, const int *wage_rank, int n,
                           double *k, SimError *err)
{
    if (p->distribution == OWNERSHIP_EQUAL)
        return ownership_in(p, seed, wage_rank, n, k, NULL, NULL, NULL, NULL, err);
    uint64_t *key = malloc(2 * (size_t)n * sizeof *key + 1);
    int *order = malloc((size_t)n * sizeof *order + 1);
    uint32_t *index = malloc((size_t)n * sizeof *index + 1);
    SimStatus st = key && order && index
                       ? ownership_in(p, seed, wage_rank, n, k, key, key + n, order, index, err)
                       : sim_fail(err, SIM_ERR_MEMORY, "out of memory ranking %d agents", n);
    free(key);
    free(order);
    free(index);
    return st;
}

/* Each agent's line of work's viability from its own uniform (MODEL.md 4d);
 * 1 - u lies in (0, 1]. Nobody has lost a job yet. Agents [first, end). */
static void init_viability(Agents *ag, const Params *p)
{
    const RngKey key = rng_key(p->run.seed);
    const double b = wages_demand_exponent(ag->labour_share, p->wages.labor_demand_elasticity);
    for (int i = ag->first; i < ag->end; i++) {
        const double u = 1.0 - rng_uniform_at(key, RNG_STREAM_INIT_VIABILITY, 0, (uint32_t)i);
        ag->viab[i] = wages_viability(u, ag->labour_share, b);
        ag->lost_month[i] = -1;
    }
}

/* Occupations by exact proportional allocation, agents contiguous by row: fills
 * occ_begin, n_class and scale for the whole run, occ and job_class for agents
 * [first, end). Returns L, the table's employment [workers], or 0 if out of
 * memory. */
static double place_occupations(Agents *ag, const OccupationTable *t)
{
    const int n = ag->n;
    double L = 0;
    double *w = malloc((size_t)t->count * sizeof *w);
    int *count = malloc((size_t)t->count * sizeof *count);
    if (!w || !count) {
        free(w);
        free(count);
        return 0;
    }
    for (int o = 0; o < t->count; o++) {
        w[o] = t->rows[o].employment;
        L += w[o];
    }
    agents_allocate(n, w, t->count, count);
    for (int o = 0, i = 0; o < t->count; o++) {
        ag->occ_begin[o] = i;
        ag->n_class[t->rows[o].job_class] += count[o];
        const int lo = i > ag->first ? i : ag->first;
        const int hi = i + count[o] < ag->end ? i + count[o] : ag->end;
        for (int j = lo; j < hi; j++) {
            ag->occ[j] = (uint16_t)o;
            ag->job_class[j] = (uint8_t)t->rows[o].job_class;
        }
        i += count[o];
    }
    ag->occ_begin[t->count] = n;
    free(w);
    free(count);
    ag->scale = L / n;
    return L;
}

/* Where key's value came from ("file:line", "--set", "default"), for messages. */
static const char *origin_of(const Params *p, const char *key)
{
    for (int i = 0; i < params_count(); i++)
        if (strcmp(params_key(i), key) == 0)
            return p->origin[i];
    return "default";
}

/* What the initialisation sums over every agent, in agent order (one process,
 * the root, holds every wage): computed there and broadcast, so every rank
 * sets up its own agents with the bits of one process. */
typedef struct InitTotals {
    int status;         /* SimStatus of the root's part */
    double omega;       /* the labour share [-] */
    double factor;      /* wage_factor [-] */
    double lambda;      /* a debtor's debt per $ of its yearly wage W [years] */
    double per_share;   /* X0 / scale = sum pay [nominal $/month per worker per unit of k] */
    double profit0;     /* Pi0 = S0 - B0 [nominal $/month] */
    double basic;       /* (T_w + T_k) / L [nominal $/month per worker] */
    long long debtors;  /* agents with a payment */
    double debt0;       /* scale sum debt [nominal $] */
    long long short_of_pay; /* debtors whose month-0 payment exceeds their income */
    double fit;         /* the factor on to_gdp at which the first net income reaches 0 */
} InitTotals;

/* Agent i's debt base: its wage W if its uniform of RNG_STREAM_INIT_DEBT makes
 * it a debtor, else 0 [nominal $/year]. */
static inline double debtor_wage(RngKey key, const DebtParams *d, int i, double wage)
{
    return rng_uniform_at(key, RNG_STREAM_INIT_DEBT, 0, (uint32_t)i) < d->share_with_debt ? wage
                                                                                           : 0.0;
}

/* Debt (MODEL.md 4f): agent i is a debtor when its uniform is below
 * share_with_debt; a debtor owes lambda W_i, lambda such that scale sum debt =
 * to_gdp M0 V0, repaid as a fixed annuity pay_i [nominal $/month per worker].
 * Over all n agents (wage: their W): sets t's lambda, debtors, debt0 and
 * per_share, and pay[0..n-1] when pay is not NULL; with no debtor (share 0,
 * to_gdp 0) nobody owes anything and nothing is divided by 0. */
static void debt_totals(const Params *p, double scale, int n, const double *wage, double *pay,
                        InitTotals *t)
{
    const DebtParams *d = &p->debt;
    const RngKey key = rng_key(p->run.seed);
    double debtor_wages = 0; /* sum of debtors' W [nominal $/year] */
    for (int i = 0; i < n; i++) {
        const double w = debtor_wage(key, d, i, wage[i]);
        if (pay != NULL)
            pay[i] = w; /* the debtor's wage until lambda is known */
        debtor_wages += w;
    }
    const double total = d->to_gdp * p->money.stock * p->money.velocity; /* [nominal $] */
    const double lambda = debtor_wages > 0 ? total / (scale * debtor_wages) : 0.0; /* [years] */
    const int payments = debt_payment_count(d);
    double debt_sum = 0; /* [nominal $ per worker] */
    double per_share = 0;
    long long debtors = 0;
    for (int i = 0; i < n; i++) {
        const double debt = lambda * (pay != NULL ? pay[i] : debtor_wage(key, d, i, wage[i]));
        debt_sum += debt;
        const double owed = debt_annuity_payment(debt, d->rate, payments);
        if (pay != NULL)
            pay[i] = owed;
        debtors += owed > 0;
        per_share += owed;
    }
    t->lambda = lambda;
    t->debtors = debtors;
    t->debt0 = scale * debt_sum;
    t->per_share = per_share;
}

/* Agent i's steady-state balance m_i = 12 net_i / V0 (steady_balances) from
 * its wage W [nominal $/year], ownership share k and debt payment pay (0
 * without debt); `debt`: debt is on. A debtor short of its payment adds one
 * to *short_of_pay, and *fit falls to the factor on to_gdp at which its net
 * income would reach 0. */
static inline double steady_balance(const Params *p, const InitTotals *t, double scale,
                                    double wage, double k, double pay, bool debt,
                                    long long *short_of_pay, double *fit)
{
    const FiscalParams *f = &p->policy.fiscal;
    double income = (1.0 - f->wage_tax) * (wage / 12.0) +
                    (1.0 - f->capital_tax) * t->profit0 * k / scale + t->basic;
    if (debt) {
        /* both debt terms are proportional to to_gdp */
        const double debt_net = t->per_share * k - pay;
        if (debt_net < 0 && income / -debt_net < *fit)
            *fit = income / -debt_net;
        income = income - pay + t->per_share * k;
        *short_of_pay += income < 0;
    }
    return 12.0 * income / p->money.velocity;
}

/* Balances: the steady state of the spending rule, m_i = 12 net_i / V0, with
 * net_i the month-0 net income at P = W = 1 (MODEL.md 2, 4 step 7), from the
 * wages W [nominal $/year] (after any rescaling to omega), the ownership
 * shares, the debt payments and L workers. Month 0 has no machine income
 * (T_m = 0) and nobody displaced (no UI), so per worker
 *   net_i = (1 - tau_w) w_i + (1 - tau_k) Pi0 k_i / scale + (T_w + T_k) / L
 *           - pay_i + X0 k_i / scale,
 * w_i = W_i / 12, B0 = scale sum w, Pi0 = S0 - B0, S0 = M0 V0 / 12,
 * T_w = tau_w B0, T_k = tau_k Pi0, X0 = scale sum pay; each term sums to its
 * aggregate, so scale sum m = 12 S0 / V0 = M0 up to rounding. With every tax 0
 * and no debt the zero terms add exactly nothing: version 1's balances, bit for
 * bit. A balance is never negative (MODEL.md 2), and clamping one at 0 would
 * break scale sum m = M0, so a debtor whose payment exceeds its income is an
 * error of the debt parameters (SIM_ERR_CONFIG). At the defaults it cannot
 * happen: a debtor's payment is about 20 % of its wage (lambda = to_gdp /
 * (omega share_with_debt) = 1.34 years of wage, 1.27 % of it a month); on the
 * US table (configs/baseline.cfg, 1e5 agents) the worst-placed debtor keeps
 * 79.6 % of its month-0 income, and debt.to_gdp could rise to about 3.0 (4.9
 * times the default) before a balance would go negative.
 * Over all n agents (wage, k: theirs; pay: theirs, or NULL to draw them again
 * from t->lambda when debt is on): sets t's profit0, basic, short_of_pay and
 * fit, and m[0..n-1] when m is not NULL. */
static void balance_totals(const Params *p, double scale, double L, int n, const double *wage,
                           const double *k, const double *pay, double *m, InitTotals *t)
{
    const FiscalParams *f = &p->policy.fiscal;
    const double M0 = p->money.stock, V0 = p->money.velocity;
    const double S0 = M0 * V0 / 12.0;
    double wage_bill = 0; /* [nominal $/year] */
    for (int i = 0; i < n; i++)
        wage_bill += wage[i];
    const double B0 = scale * wage_bill / 12.0;
    t->profit0 = S0 - B0; /* Pi0 = (1 - omega) S0 */
    t->basic = (f->wage_tax * B0 + f->capital_tax * t->profit0) / L;
    const bool debt = p->debt.enabled;
    const RngKey key = rng_key(p->run.seed);
    const int payments = debt_payment_count(&p->debt);
    long long short_of_pay = 0;
    double fit = INFINITY;
    for (int i = 0; i < n; i++) {
        double owed = 0.0;
        if (debt)
            owed = pay != NULL ? pay[i]
                               : debt_annuity_payment(
                                     t->lambda * debtor_wage(key, &p->debt, i, wage[i]),
                                     p->debt.rate, payments);
        const double b = steady_balance(p, t, scale, wage[i], k[i], owed, debt, &short_of_pay, &fit);
        if (m != NULL)
            m[i] = b;
    }
    t->short_of_pay = short_of_pay;
    t->fit = fit;
}

/* The root's part of agents_create: from every agent's wage W (wage[0..n-1],
 * rescaled here in place to omega) the labour share, the ownership shares
 * k[0..n-1] (by wage rank), the debt and balance totals; pay and m, when not
 * NULL, get every agent's payment and balance (one process holding all
 * agents). key and key_scratch [n] each are the two sorts' keys, overwritten:
 * storage the caller lends, which may be m's and another array's that is
 * written only later (m is written here after the sorts). Allocates 12 bytes
 * an agent while it runs (the wage ranks, the order and the sorts' index
 * scratch). Returns SIM_ERR_CONFIG (omega not in (0, 1], or a debtor short of
 * its payment) or SIM_ERR_MEMORY with err set. */
static SimStatus init_totals(const Params *p, double scale, double L, int n, double *wage,
                             double *k, double *pay, double *m, uint64_t *key,
                             uint64_t *key_scratch, InitTotals *t, SimError *err)
{
    /* labour share: omega = scale sum W / (M0 V0), or W rescaled to a given omega */
    double wage_sum = 0;
    for (int i = 0; i < n; i++)
        wage_sum += wage[i];
    const double M0 = p->money.stock, V0 = p->money.velocity;
    double omega = scale * wage_sum / (M0 * V0);
    t->factor = 1.0;
    if (p->economy.labor_share > 0) {
        double f = p->economy.labor_share / omega;
        for (int i = 0; i < n; i++)
            wage[i] *= f;
        omega = p->economy.labor_share;
        t->factor = f;
    }
    if (!(omega > 0 && omega <= 1))
        return sim_fail(err, SIM_ERR_CONFIG,
                        "the derived labour share scale*sum(W)/(M0*V0) = %g is not in (0, 1]: "
                        "the table's wage bill (%g $/year) exceeds money.stock * money.velocity "
                        "(%g $/year); raise money.stock or money.velocity, or set "
                        "economy.labor_share",
                        omega, scale * wage_sum, M0 * V0);
    t->omega = omega;

    /* ownership needs every agent's wage rank; rank is the first sort's index
     * scratch, and both sorts' keys are lent */
    int *rank = malloc((size_t)n * sizeof *rank + 1);
    int *order = malloc((size_t)n * sizeof *order + 1);
    uint32_t *index = malloc((size_t)n * sizeof *index + 1);
    if (!rank || !order || !index) {
        free(rank);
        free(order);
        free(index);
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory allocating %lld agents",
                        (long long)p->run.agents);
    }
    for (int i = 0; i < n; i++)
        key[i] = order_key(wage[i]);
    order_by_key(key, key_scratch, order, (uint32_t *)(void *)rank, n);
    for (int r = 0; r < n; r++)
        rank[order[r]] = r;
    const SimStatus st = ownership_in(&p->ownership, p->run.seed, rank, n, k, key, key_scratch,
                                      order, index, err);
    free(rank);
    free(order);
    free(index);
    if (st != SIM_OK)
        return st;

    if (p->debt.enabled)
        debt_totals(p, scale, n, wage, pay, t);
    balance_totals(p, scale, L, n, wage, k, pay, m, t);
    if (t->short_of_pay > 0)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%lld debtors' month-0 debt payments exceed their month-0 income, so "
                        "their starting balances would be negative: lower debt.to_gdp = %g (%s) "
                        "to below about %.3g, or spread the payments with a lower debt.rate = "
                        "%g (%s) or a longer debt.term_years = %g (%s); debt is a multiple of "
                        "the wage, so a small labour share (economy.labor_share = %g, %s; the "
                        "derived share is %g) makes the same debt a larger burden",
                        t->short_of_pay, p->debt.to_gdp, origin_of(p, "debt.to_gdp"),
                        p->debt.to_gdp * t->fit, p->debt.rate, origin_of(p, "debt.rate"),
                        p->debt.term_years, origin_of(p, "debt.term_years"),
                        p->economy.labor_share, origin_of(p, "economy.labor_share"), omega);
    return SIM_OK;
}

Agents *agents_create(const Params *p, SimError *err)
{
    const BlockPlan plan = exec_plan_local((int)p->run.agents);
    Exec *ex = exec_create(&plan);
    if (ex == NULL) {
        sim_fail(err, SIM_ERR_MEMORY, "out of memory allocating %lld agents",
                 (long long)p->run.agents);
        return NULL;
    }
    Agents *ag = agents_create_on(p, ex, err);
    exec_destroy(ex);
    return ag;
}

Agents *agents_create_on(const Params *p, Exec *ex, SimError *err)
{
    const OccupationTable *t = &p->occupations;
    const BlockPlan *plan = exec_block_plan(ex);
    const int n = (int)p->run.agents;
    const bool root = exec_root(ex);
    int first, end;
    exec_agent_range(plan, &first, &end);
    /* the root holding every agent computes the totals in its own arrays (a
     * rank of a split run may hold every agent and yet not be the root: 2
     * ranks over 1 block) */
    const bool whole = root && first == 0 && end == n;
    Agents *ag = calloc(1, sizeof *ag);
    double *wage = NULL;     /* this process's agents' W [nominal $/year]; span */
    double *wage_all = NULL; /* the root's: every agent's, unless whole [n] */
    double *k_all = NULL;    /* the root's: every agent's ownership share, unless whole [n] */
    uint64_t *keys = NULL;   /* the root's: the sorts' keys, unless whole [2 n] */
    InitTotals tot = {.status = SIM_OK};
    if (ag == NULL)
        goto oom;
    ag->n = n;
    ag->first = first;
    ag->end = end;
    ag->n_occ = t->count;
    ag->occ_begin = calloc((size_t)t->count + 1, sizeof *ag->occ_begin);
    ag->occ = exec_span_alloc(first, end, sizeof *ag->occ, false);
    ag->job_class = exec_span_alloc(first, end, sizeof *ag->job_class, false);
    ag->status = exec_span_alloc(first, end, sizeof *ag->status, false);
    ag->slot = exec_span_alloc(first, end, sizeof *ag->slot, true);
    ag->a = exec_span_alloc(first, end, sizeof *ag->a, false);
    ag->theta_ai = exec_span_alloc(first, end, sizeof *ag->theta_ai, false);
    ag->theta_rb = exec_span_alloc(first, end, sizeof *ag->theta_rb, false);
    ag->m = exec_span_alloc(first, end, sizeof *ag->m, false);
    ag->k = exec_span_alloc(first, end, sizeof *ag->k, false);
    ag->c0 = exec_span_alloc(first, end, sizeof *ag->c0, false); /* sort keys first, then zeroed */
    ag->viab = exec_span_alloc(first, end, sizeof *ag->viab, false);
    ag->lost_month = exec_span_alloc(first, end, sizeof *ag->lost_month, false);
    if (p->debt.enabled)
        ag->pay = exec_span_alloc(first, end, sizeof *ag->pay, true);
    wage = exec_span_alloc(first, end, sizeof *wage, false);
    if (!ag->occ_begin || !ag->occ || !ag->job_class || !ag->status || !ag->slot || !ag->a ||
        !ag->theta_ai || !ag->theta_rb || !ag->m || !ag->k || !ag->c0 || !ag->viab ||
        !ag->lost_month || (p->debt.enabled && !ag->pay) || !wage)
        goto oom;

    const double L = place_occupations(ag, t);
    if (!(L > 0))
        goto oom;

    /* wages and thresholds of this process's agents: W = mean exp(sigma z -
     * sigma^2/2), mean-preserving */
    const WageDraws draws = {.p = p, .occ_begin = ag->occ_begin, .ag = ag, .wage = wage};
    if (run_blocks(plan, (Kernel){wage_block, &draws}))
        goto oom;

    /* the totals over every agent: the root draws the other agents' wages too
     * (each draw is addressed by its agent) and ranks them all */
    if (root) {
        /* Holding every agent, the sorts take their 16 bytes an agent of keys
         * from m and c0, filled only later (m by init_totals after the sorts,
         * c0 zeroed below; they are allocated storage, so the keys' stores and
         * later the doubles' each set its type): the peak of creation stays 20
         * bytes an agent (wage and init_totals' 12) above the state. A split
         * run's root holds only its own agents' m and c0, so it allocates the
         * whole run's keys, wages and shares for the time of this call. */
        wage_all = whole ? wage : malloc((size_t)n * sizeof *wage_all + 1);
        k_all = whole ? ag->k : malloc((size_t)n * sizeof *k_all + 1);
        keys = whole ? NULL : malloc(2 * (size_t)n * sizeof *keys + 1);
        uint64_t *key = whole ? (uint64_t *)(void *)ag->m : keys;
        uint64_t *key_scratch = whole ? (uint64_t *)(void *)ag->c0 : keys + n;
        const WageDraws all = {.p = p, .occ_begin = ag->occ_begin, .wage = wage_all};
        if (!wage_all || !k_all || (!whole && (!keys ||
                                              run_local_pass(n, (Kernel){wage_block, &all}))))
            tot.status = sim_fail(err, SIM_ERR_MEMORY, "out of memory allocating %lld agents",
                                  (long long)p->run.agents);
        else
            tot.status = init_totals(p, ag->scale, L, n, wage_all, k_all, whole ? ag->pay : NULL,
                                     whole ? ag->m : NULL, key, key_scratch, &tot, err);
        if (!whole) {
            free(wage_all);
            free(keys);
        }
        wage_all = NULL;
        keys = NULL;
    }
    exec_broadcast(ex, &tot, sizeof tot);
    if (tot.status != SIM_OK) {
        if (!root)
            sim_fail(err, (SimStatus)tot.status, "rank 0 failed to initialise the agents");
        goto fail;
    }
    exec_scatter_agents(ex, k_all, ag->k);
    if (!whole)
        free(k_all);
    k_all = NULL;
    ag->labour_share = tot.omega;
    ag->wage_factor = tot.factor;
    ag->debtors = tot.debtors;
    ag->debt0 = tot.debt0;

    /* this process's agents from the totals; one holding every agent has its
     * wages rescaled, payments and balances set by init_totals already */
    if (!whole && p->economy.labor_share > 0)
        for (int i = first; i < end; i++)
            wage[i] *= tot.factor;
    for (int i = first; i < end; i++)
        ag->a[i] = wage[i] / (12.0 * tot.omega); /* a = W / (12 omega) */
    init_viability(ag, p);
    if (end > first)
        memset(ag->c0 + first, 0, (size_t)(end - first) * sizeof *ag->c0);
    if (!whole) {
        const RngKey key = rng_key(p->run.seed);
        const int payments = debt_payment_count(&p->debt);
        long long short_of_pay = 0; /* counted by the root, over every agent */
        double fit = INFINITY;
        for (int i = first; i < end; i++) {
            if (ag->pay != NULL)
                ag->pay[i] = debt_annuity_payment(
                    tot.lambda * debtor_wage(key, &p->debt, i, wage[i]), p->debt.rate, payments);
            ag->m[i] = steady_balance(p, &tot, ag->scale, wage[i], ag->k[i],
                                      ag->pay != NULL ? ag->pay[i] : 0.0, ag->pay != NULL,
                                      &short_of_pay, &fit);
        }
    }
    exec_span_free(wage, first, sizeof *wage);
    return ag;
oom:
    sim_fail(err, SIM_ERR_MEMORY, "out of memory allocating %lld agents", (long long)p->run.agents);
fail:
    if (!whole) {
        free(wage_all);
        free(k_all);
        free(keys);
    }
    exec_span_free(wage, first, sizeof *wage);
    agents_destroy(ag);
    return NULL;
}
