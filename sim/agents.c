/* agents.c - Agent state and its initialisation (MODEL.md section 2). */
#include "agents.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

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

/* The copula's Gaussian z of each agent (agents_ownership). */
typedef struct CopulaDraws {
    const int *wage_rank;
    int n;
    double rho, rest; /* rho and sqrt(1 - rho^2) */
    uint64_t seed;
    double *z;        /* [n] written */
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
    double *z = d->z;
    for (int i = blk.begin; i < blk.end; i++) {
        rng_seek(r, seed, RNG_STREAM_INIT_OWNERSHIP, 0, (uint32_t)i);
        double u = (wage_rank[i] + 0.5) / n;
        z[i] = rho * gsl_cdf_ugaussian_Pinv(u) + rest * gsl_ran_gaussian_ziggurat(r, 1.0);
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

SimStatus agents_ownership(const OwnershipParams *p, uint64_t seed, const int *wage_rank, int n,
                           double *k, SimError *err)
{
    if (p->distribution == OWNERSHIP_EQUAL) {
        for (int i = 0; i < n; i++)
            k[i] = 1.0 / n;
        return SIM_OK;
    }
    double *z = malloc((size_t)n * sizeof *z);
    int *order = malloc((size_t)n * sizeof *order);
    if (z == NULL || order == NULL) {
        free(z);
        free(order);
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory ranking %d agents", n);
    }
    const double rho = p->wage_correlation;
    const CopulaDraws draws = {.wage_rank = wage_rank, .n = n, .rho = rho,
                               .rest = sqrt(1.0 - rho * rho), .seed = seed, .z = z};
    const int failed = run_local_pass(n, (Kernel){copula_block, &draws});
    if (failed || !order_by_value(z, n, order)) {
        free(z);
        free(order);
        return sim_fail(err, SIM_ERR_MEMORY, failed ? "out of memory creating random generators"
                                                    : "out of memory ranking %d agents", n);
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
    free(z);
    free(order);
    return SIM_OK;
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

/* Balances: the steady state of the spending rule, m = 12 income / V0, from the
 * wages W [nominal $/year] (after any rescaling to a given omega), the
 * ownership shares and L workers. */
static void steady_balances(Agents *ag, const Params *p, const double *wage, double L)
{
    const int n = ag->n;
    const double M0 = p->money.stock, V0 = p->money.velocity;
    const double tau = p->policy.fiscal.capital_tax;
    const double S0 = M0 * V0 / 12.0;
    double wage_bill = 0; /* [nominal $/year] */
    for (int i = 0; i < n; i++)
        wage_bill += wage[i];
    const double profit0 = S0 - ag->scale * wage_bill / 12.0; /* Pi0 = (1 - omega) S0 */
    for (int i = 0; i < n; i++) {
        double income = wage[i] / 12.0 + (1.0 - tau) * profit0 * ag->k[i] / ag->scale +
                        tau * profit0 / L;
        ag->m[i] = 12.0 * income / V0;
    }
}

Agents *agents_create(const Params *p, SimError *err)
{
    const OccupationTable *t = &p->occupations;
    int n = (int)p->run.agents;
    Agents *ag = calloc(1, sizeof *ag);
    double *wage = NULL;
    int *rank = NULL;
    int *order = NULL;
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
    ag->c0 = calloc(nn, sizeof(double));
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
    if (p->economy.labor_share > 0) {
        double f = p->economy.labor_share / omega;
        for (int i = 0; i < n; i++)
            wage[i] *= f;
        omega = p->economy.labor_share;
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

    /* ownership needs every agent's wage rank */
    if (!order_by_value(wage, n, order))
        goto oom;
    for (int r = 0; r < n; r++)
        rank[order[r]] = r;
    free(order);
    order = NULL;
    if (agents_ownership(&p->ownership, p->run.seed, rank, n, ag->k, err) != SIM_OK)
        goto fail;

    steady_balances(ag, p, wage, L);
    free(wage);
    free(rank);
    return ag;
oom:
    sim_fail(err, SIM_ERR_MEMORY, "out of memory allocating %lld agents", (long long)p->run.agents);
fail:
    free(wage);
    free(rank);
    free(order);
    agents_destroy(ag);
    return NULL;
}
