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
    free(ag->occ_begin);
    free(ag->occ);
    free(ag->job_class);
    free(ag->status);
    free(ag->slot);
    free(ag->a);
    free(ag->theta_ai);
    free(ag->theta_rb);
    free(ag->m);
    free(ag->k);
    free(ag->c0);
    free(ag->viab);
    free(ag->lost_month);
    free(ag->pay);
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

/* Runs one kernel over every block of n agents on this process (each rank
 * initialises all agents: ownership ranks wages over all of them); returns
 * nonzero if a block failed (its count[0]) or the pass could not be set up. */
static int run_local_pass(int n, Kernel k)
{
    const BlockPlan plan = exec_plan_local(n);
    Exec *ex = exec_create(&plan);
    if (ex == NULL)
        return 1;
    BlockResult total;
    exec_pass(ex, &k, 1, &total);
    exec_destroy(ex);
    return total.count[0] != 0;
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
    Agents *ag;    /* occ read; theta_ai, theta_rb, status written */
    double *wage;  /* [n] written [nominal $/year] */
} WageDraws;

static void wage_block(const void *ctx, Block blk, BlockResult *out)
{
    const WageDraws *d = ctx;
    const Params *p = d->p;
    Agents *ag = d->ag;
    const double sigma = p->population.wage_sigma;
    gsl_rng *r = rng_create();
    if (r == NULL) {
        out->count[0] = 1;
        return;
    }
    for (int i = blk.begin; i < blk.end; i++) {
        const Occupation *row = &p->occupations.rows[ag->occ[i]];
        rng_seek(r, p->run.seed, RNG_STREAM_INIT_WAGE, 0, (uint32_t)i);
        d->wage[i] = row->mean_wage * exp(sigma * gsl_ran_gaussian_ziggurat(r, 1.0) -
                                          0.5 * sigma * sigma);
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
 * 1 - u lies in (0, 1]. Nobody has lost a job yet. */
static void init_viability(Agents *ag, const Params *p)
{
    const RngKey key = rng_key(p->run.seed);
    const double b = wages_demand_exponent(ag->labour_share, p->wages.labor_demand_elasticity);
    for (int i = 0; i < ag->n; i++) {
        const double u = 1.0 - rng_uniform_at(key, RNG_STREAM_INIT_VIABILITY, 0, (uint32_t)i);
        ag->viab[i] = wages_viability(u, ag->labour_share, b);
        ag->lost_month[i] = -1;
    }
}

/* Occupations by exact proportional allocation, agents contiguous by row: fills
 * occ, job_class, occ_begin, n_class and scale. Returns L, the table's
 * employment [workers], or 0 if out of memory. */
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
        for (int j = 0; j < count[o]; j++, i++) {
            ag->occ[i] = (uint16_t)o;
            ag->job_class[i] = (uint8_t)t->rows[o].job_class;
            ag->n_class[t->rows[o].job_class]++;
        }
    }
    ag->occ_begin[t->count] = n;
    free(w);
    free(count);
    ag->scale = L / n;
    return L;
}

/* Debt (MODEL.md 4f): agent i is a debtor when its uniform is below
 * share_with_debt; a debtor owes lambda W_i, lambda such that scale sum debt =
 * to_gdp M0 V0, repaid as a fixed annuity pay_i [nominal $/month per worker].
 * Sets pay, debtors (agents with a payment) and debt0; with no debtor (share 0,
 * to_gdp 0) nobody owes anything and nothing is divided by 0. */
static void init_debt(Agents *ag, const Params *p, const double *wage)
{
    const DebtParams *d = &p->debt;
    const int n = ag->n;
    const RngKey key = rng_key(p->run.seed);
    double debtor_wages = 0; /* sum of debtors' W [nominal $/year] */
    for (int i = 0; i < n; i++) {
        const bool debtor = rng_uniform_at(key, RNG_STREAM_INIT_DEBT, 0, (uint32_t)i) <
                            d->share_with_debt;
        ag->pay[i] = debtor ? wage[i] : 0.0; /* the debtor's wage until lambda is known */
        debtor_wages += ag->pay[i];
    }
    const double total = d->to_gdp * p->money.stock * p->money.velocity; /* [nominal $] */
    const double lambda = debtor_wages > 0 ? total / (ag->scale * debtor_wages) : 0.0; /* [years] */
    const int payments = debt_payment_count(d);
    double debt_sum = 0; /* [nominal $ per worker] */
    long long debtors = 0;
    for (int i = 0; i < n; i++) {
        const double debt = lambda * ag->pay[i];
        debt_sum += debt;
        ag->pay[i] = debt_annuity_payment(debt, d->rate, payments);
        debtors += ag->pay[i] > 0;
    }
    ag->debtors = debtors;
    ag->debt0 = ag->scale * debt_sum;
}

/* Where key's value came from ("file:line", "--set", "default"), for messages. */
static const char *origin_of(const Params *p, const char *key)
{
    for (int i = 0; i < params_count(); i++)
        if (strcmp(params_key(i), key) == 0)
            return p->origin[i];
    return "default";
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
 * times the default) before a balance would go negative. */
static SimStatus steady_balances(Agents *ag, const Params *p, const double *wage, double L,
                                 SimError *err)
{
    const int n = ag->n;
    const FiscalParams *f = &p->policy.fiscal;
    const double M0 = p->money.stock, V0 = p->money.velocity;
    const double S0 = M0 * V0 / 12.0;
    double wage_bill = 0; /* [nominal $/year] */
    for (int i = 0; i < n; i++)
        wage_bill += wage[i];
    const double B0 = ag->scale * wage_bill / 12.0;
    const double profit0 = S0 - B0; /* Pi0 = (1 - omega) S0 */
    const double basic = (f->wage_tax * B0 + f->capital_tax * profit0) / L;
    double per_share = 0; /* X0 / scale = sum pay [nominal $/month per worker per unit of k] */
    if (ag->pay != NULL)
        for (int i = 0; i < n; i++)
            per_share += ag->pay[i];
    long long short_of_pay = 0; /* debtors whose payment exceeds their income */
    double fit = INFINITY;      /* the factor on to_gdp at which the first net_i reaches 0 */
    for (int i = 0; i < n; i++) {
        double income = (1.0 - f->wage_tax) * (wage[i] / 12.0) +
                        (1.0 - f->capital_tax) * profit0 * ag->k[i] / ag->scale + basic;
        if (ag->pay != NULL) {
            /* both debt terms are proportional to to_gdp */
            const double debt_net = per_share * ag->k[i] - ag->pay[i];
            if (debt_net < 0 && income / -debt_net < fit)
                fit = income / -debt_net;
            income = income - ag->pay[i] + per_share * ag->k[i];
            short_of_pay += income < 0;
        }
        ag->m[i] = 12.0 * income / V0;
    }
    if (short_of_pay > 0)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%lld debtors' month-0 debt payments exceed their month-0 income, so "
                        "their starting balances would be negative: lower debt.to_gdp = %g (%s) "
                        "to below about %.3g, or spread the payments with a lower debt.rate = "
                        "%g (%s) or a longer debt.term_years = %g (%s); debt is a multiple of "
                        "the wage, so a small labour share (economy.labor_share = %g, %s; the "
                        "derived share is %g) makes the same debt a larger burden",
                        short_of_pay, p->debt.to_gdp, origin_of(p, "debt.to_gdp"),
                        p->debt.to_gdp * fit, p->debt.rate, origin_of(p, "debt.rate"),
                        p->debt.term_years, origin_of(p, "debt.term_years"),
                        p->economy.labor_share, origin_of(p, "economy.labor_share"),
                        ag->labour_share);
    return SIM_OK;
}

Agents *agents_create(const Params *p, SimError *err)
{
    const OccupationTable *t = &p->occupations;
    int n = (int)p->run.agents;
    Agents *ag = calloc(1, sizeof *ag);
    double *wage = NULL;
    int *rank = NULL;
    int *order = NULL;
    uint32_t *index = NULL;
    if (ag == NULL)
        goto oom;
    ag->n = n;
    ag->n_occ = t->count;
    size_t nn = (size_t)n;
    ag->occ_begin = calloc((size_t)t->count + 1, sizeof *ag->occ_begin);
    ag->occ = malloc(nn * sizeof *ag->occ);
    ag->job_class = malloc(nn);
    ag->status = malloc(nn);
    ag->slot = calloc(nn, 1);
    ag->a = malloc(nn * sizeof(double));
    ag->theta_ai = malloc(nn * sizeof(double));
    ag->theta_rb = malloc(nn * sizeof(double));
    ag->m = malloc(nn * sizeof(double));
    ag->k = malloc(nn * sizeof(double));
    ag->c0 = malloc(nn * sizeof(double)); /* sort keys first, then zeroed */
    ag->viab = malloc(nn * sizeof(double));
    ag->lost_month = malloc(nn * sizeof(int32_t));
    if (p->debt.enabled)
        ag->pay = calloc(nn, sizeof(double));
    wage = malloc(nn * sizeof *wage);
    rank = malloc(nn * sizeof *rank);
    order = malloc(nn * sizeof *order);
    if (!ag->occ_begin || !ag->occ || !ag->job_class || !ag->status || !ag->slot || !ag->a ||
        !ag->theta_ai || !ag->theta_rb || !ag->m || !ag->k || !ag->c0 || !ag->viab ||
        !ag->lost_month || (p->debt.enabled && !ag->pay) || !wage ||
        !rank || !order)
        goto oom;

    const double L = place_occupations(ag, t);
    if (!(L > 0))
        goto oom;

    /* wages and thresholds: W = mean exp(sigma z - sigma^2/2), mean-preserving */
    const WageDraws draws = {.p = p, .ag = ag, .wage = wage};
    if (run_local_pass(n, (Kernel){wage_block, &draws}))
        goto oom;

    /* labour share: omega = scale sum W / (M0 V0), or W rescaled to a given omega */
    double wage_sum = 0;
    for (int i = 0; i < n; i++)
        wage_sum += wage[i];
    const double M0 = p->money.stock, V0 = p->money.velocity;
    double omega = ag->scale * wage_sum / (M0 * V0);
    ag->wage_factor = 1.0;
    if (p->economy.labor_share > 0) {
        double f = p->economy.labor_share / omega;
        for (int i = 0; i < n; i++)
            wage[i] *= f;
        omega = p->economy.labor_share;
        ag->wage_factor = f;
    }
    if (!(omega > 0 && omega <= 1)) {
        sim_fail(err, SIM_ERR_CONFIG,
                 "the derived labour share scale*sum(W)/(M0*V0) = %g is not in (0, 1]: the table's "
                 "wage bill (%g $/year) exceeds money.stock * money.velocity (%g $/year); raise "
                 "money.stock or money.velocity, or set economy.labor_share",
                 omega, ag->scale * wage_sum, M0 * V0);
        goto fail;
    }
    ag->labour_share = omega;
    for (int i = 0; i < n; i++)
        ag->a[i] = wage[i] / (12.0 * omega); /* a = W / (12 omega) */
    init_viability(ag, p);

    /* ownership needs every agent's wage rank. Both sorts take their 16
     * bytes an agent of keys from m and c0, filled only later (m by
     * steady_balances, c0 zeroed here after them; they are allocated storage,
     * so the keys' stores and later the doubles' each set its type), and rank
     * is the first sort's index scratch: the peak of creation stays 20 bytes
     * an agent (wage, rank, order, index) above the state. */
    uint64_t *key = (uint64_t *)(void *)ag->m, *key_scratch = (uint64_t *)(void *)ag->c0;
    for (int i = 0; i < n; i++)
        key[i] = order_key(wage[i]);
    order_by_key(key, key_scratch, order, (uint32_t *)rank, n);
    for (int r = 0; r < n; r++)
        rank[order[r]] = r;
    index = malloc(nn * sizeof *index);
    if (index == NULL)
        goto oom;
    if (ownership_in(&p->ownership, p->run.seed, rank, n, ag->k, key, key_scratch, order, index,
                     err) != SIM_OK)
        goto fail;
    free(order);
    free(index);
    order = NULL;
    index = NULL;
    memset(ag->c0, 0, nn * sizeof *ag->c0);

    if (ag->pay != NULL)
        init_debt(ag, p, wage);
    if (steady_balances(ag, p, wage, L, err) != SIM_OK)
        goto fail;
    free(wage);
    free(rank);
    return ag;
oom:
    sim_fail(err, SIM_ERR_MEMORY, "out of memory allocating %lld agents", (long long)p->run.agents);
fail:
    free(wage);
    free(rank);
    free(order);
    free(index);
    agents_destroy(ag);
    return NULL;
}
