/* sim.c - The composition root. One month, in this order (MODEL.md section 4):
 *   1. technology   A, R, fleet F, energy E, kappa, machine-output cap
 *   2. automation   feasible human jobs go to AI or robots
 *   3. labour       displaced workers find new jobs (reinstatement)
 *   4. production   Q = Q_h + min(Q_m*, Qcap)
 *   5. money policy Delta M from the rule, credited through its channel
 *   6. spending     v, S = v M / 12, P = S / Q, inflation and expectations
 *   7. incomes      wages, capital income, UBI; balances move, money conserved
 *   8. metrics      the month's series
 * Changing this order changes results: review it like a model equation. */
#include "sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agents.h"
#include "automation.h"
#include "clock.h"
#include "distributed.h"
#include "incomes.h"
#include "labour.h"
#include "money.h"
#include "parallel.h"
#include "policy.h"
#include "production.h"
#include "rng.h"
#include "technology.h"

struct Sim {
    const Params *p;        /* borrowed */
    Agents *ag;             /* owned */
    Technology tech;
    Machines machines;
    AutomationWork *auto_work; /* owned */
    gsl_rng **block_rng;    /* one workspace generator per block; owned */
    int blocks;
    double *balance;        /* balances at spending time [n]; owned scratch */
    double *work;           /* [n]; owned scratch */
    uint32_t *index;        /* [n]; owned scratch */
    double *block_sums;     /* 4 per block; owned scratch */
    long long *occ_counts;  /* employed and automated agents per occupation [2 n_occ]; owned scratch */
    double money_stock;     /* M [nominal $] */
    double sum_m;           /* sum of balances after last month's incomes [nominal $ per worker] */
    double price_prev;      /* P of the previous month (1 before month 0) */
    double expected_inflation; /* pi_e [1/year] */
    double p10_c0, median_c0;  /* real consumption at month 0 [base-year $/year] */
    int month;              /* months done */
    double phase_seconds[PHASE_COUNT]; /* wall time per phase [s] */
    double clock;           /* time of the last phase boundary [s] */
    Results res;
};

/* Adds the time since the last boundary to `phase` (a clock read, ~20 ns). */
static void lap(Sim *sim, SimPhase phase)
{
    double t = clock_seconds();
    sim->phase_seconds[phase] += t - sim->clock;
    sim->clock = t;
}

void sim_destroy(Sim *sim)
{
    if (sim == NULL)
        return;
    agents_destroy(sim->ag);
    automation_work_destroy(sim->auto_work);
    if (sim->block_rng)
        for (int b = 0; b < sim->blocks; b++)
            gsl_rng_free(sim->block_rng[b]);
    free(sim->block_rng);
    free(sim->balance);
    free(sim->work);
    free(sim->index);
    free(sim->block_sums);
    free(sim->occ_counts);
    for (int s = 0; s < SERIES_COUNT; s++)
        free(sim->res.series[s]);
    free(sim->res.occ_employed);
    free(sim->res.occ_automated);
    free(sim);
}

Sim *sim_create(const Params *p, SimError *err)
{
    Sim *sim = calloc(1, sizeof *sim);
    if (sim == NULL) {
        sim_fail(err, SIM_ERR_MEMORY, "out of memory");
        return NULL;
    }
    sim->clock = clock_seconds();
    sim->p = p;
    if ((sim->ag = agents_create(p, err)) == NULL) {
        sim_destroy(sim);
        return NULL;
    }
    const int n = sim->ag->n, months = (int)p->run.months;
    sim->blocks = block_count(n);
    sim->auto_work = automation_work_create(n);
    sim->block_rng = calloc((size_t)sim->blocks, sizeof *sim->block_rng);
    sim->balance = malloc((size_t)n * sizeof(double));
    sim->work = malloc((size_t)n * sizeof(double));
    sim->index = malloc((size_t)n * sizeof(uint32_t));
    sim->block_sums = malloc((size_t)sim->blocks * 4 * sizeof(double));
    sim->occ_counts = malloc((size_t)sim->ag->n_occ * 2 * sizeof(long long));
    bool ok = sim->auto_work && sim->block_rng && sim->balance && sim->work && sim->index && sim->block_sums &&
              sim->occ_counts;
    for (int b = 0; ok && b < sim->blocks; b++)
        ok = (sim->block_rng[b] = rng_create()) != NULL;
    Results *r = &sim->res;
    r->months = months;
    r->n_occ = sim->ag->n_occ;
    for (int s = 0; ok && s < SERIES_COUNT; s++)
        ok = (r->series[s] = malloc((size_t)months * sizeof(double))) != NULL;
    if (ok) {
        r->occ_employed = malloc((size_t)r->n_occ * (size_t)months * sizeof(double));
        r->occ_automated = malloc((size_t)r->n_occ * (size_t)months * sizeof(double));
        ok = r->occ_employed && r->occ_automated;
    }
    if (!ok) {
        sim_fail(err, SIM_ERR_MEMORY, "out of memory allocating workspaces for %d agents x %d months",
                 n, months);
        sim_destroy(sim);
        return NULL;
    }
    r->scale = sim->ag->scale;
    r->labor_share = sim->ag->labor_share;
    r->agents_per_class[CLASS_WHITE] = sim->ag->n_class[CLASS_WHITE];
    r->agents_per_class[CLASS_BLUE] = sim->ag->n_class[CLASS_BLUE];
    technology_init(&sim->tech, params_fleet_max(p));
    sim->money_stock = p->money.stock;
    sim->price_prev = 1.0;
    sim->expected_inflation = 0.0;
    lap(sim, PHASE_INIT);
    return sim;
}

int sim_months_done(const Sim *sim) { return sim->month; }
const double *sim_phase_seconds(const Sim *sim) { return sim->phase_seconds; }

const Results *sim_results(const Sim *sim) { return &sim->res; }

/* Fails the month if x is NaN or infinite; `what` names the quantity. */
#define REQUIRE_FINITE(x, what)                                                                    \
    do {                                                                                           \
        double v_ = (x);                                                                           \
        if (!isfinite(v_))                                                                         \
            return sim_fail(err, SIM_ERR_NUMERIC,                                                  \
                            "month %d (year %.2f): %s became %g; the run stopped and wrote no "   \
                            "output",                                                              \
                            m, p->run.start_year + m / 12.0, what, v_);                            \
    } while (0)

SimStatus sim_step(Sim *sim, SimError *err)
{
    const Params *p = sim->p;
    Agents *ag = sim->ag;
    const int m = sim->month, n = ag->n;
    const double scale = ag->scale;
    SimStatus st;
    sim->clock = clock_seconds();

    /* 1. technology */
    Technology *tech = &sim->tech;
    technology_advance(tech, p, m, scale);
    REQUIRE_FINITE(tech->ai, "AI capability A");
    REQUIRE_FINITE(tech->robot, "robot capability R");
    REQUIRE_FINITE(tech->fleet, "robot fleet F");
    REQUIRE_FINITE(tech->machine_cap, "machine-output cap Qcap");

    /* 2. automation */
    AutomationCounts counts;
    if ((st = automation_step(ag, p, tech, &sim->machines, sim->auto_work, m, &counts, err)) !=
        SIM_OK)
        return st;

    lap(sim, PHASE_AUTOMATION);

    /* 3. labour */
    long long reemployed = labour_step(ag, p, tech, sim->block_rng, m, sim->index, sim->work);
    lap(sim, PHASE_LABOUR);

    /* 4. production */
    Production prod;
    production_compute(ag, p, tech, &sim->machines, sim->block_sums, &prod);
    REQUIRE_FINITE(prod.machine_wanted, "machine output wanted Q_m*");
    REQUIRE_FINITE(prod.output, "output Q");
    if (!(prod.output > 0))
        return sim_fail(err, SIM_ERR_NUMERIC,
                        "month %d (year %.2f): output Q is %g, so the price level S/Q is not "
                        "finite; the run stopped and wrote no output",
                        m, p->run.start_year + m / 12.0, prod.output);
    const long long employed = prod.employed[CLASS_WHITE] + prod.employed[CLASS_BLUE];
    const long long displaced = n - employed;

    lap(sim, PHASE_PRODUCTION);

    /* 5. money policy: the rule knows this month's Q and the velocity people will use */
    const double v = money_velocity(&p->money, sim->expected_inflation);
    const double delta = policy_money_change(p, tech->years, sim->money_stock, v, prod.output);
    REQUIRE_FINITE(delta, "new money Delta M");
    const double sum_m = money_credit(ag, p->policy.money.channel, delta, sim->money_stock,
                                      displaced, sim->block_sums, m > 0 ? &sim->sum_m : NULL);
    sim->money_stock += delta;
    REQUIRE_FINITE(sim->money_stock, "money stock M");
    if (!(sim->money_stock > 0))
        return sim_fail(err, SIM_ERR_NUMERIC, "month %d: money stock M fell to %g", m,
                        sim->money_stock);

    lap(sim, PHASE_POLICY);

    /* 6. spending and prices: S = sum c, P = S / Q */
    const double spending = scale * sum_m * v / 12.0;
    const double price = spending / prod.output;
    REQUIRE_FINITE(price, "price level P");
    const double inflation = pow(price / sim->price_prev, 12.0) - 1.0;
    REQUIRE_FINITE(inflation, "inflation");
    sim->expected_inflation = money_update_expectation(&p->money, sim->expected_inflation, inflation);
    REQUIRE_FINITE(sim->expected_inflation, "expected inflation");

    lap(sim, PHASE_SPENDING);

    /* 7. incomes: the wage bill is omega P Q_h; the rest of spending is capital income */
    const double trend = pow(1.0 + p->economy.productivity_growth_per_year, tech->years);
    const double wage_bill = ag->labor_share * price * prod.human;
    const double capital_income = spending - wage_bill;
    IncomeTerms terms = {.price_level = price,
                         .velocity = v,
                         .trend = trend,
                         .capital_income = capital_income,
                         .tax_rate = p->policy.ubi.tax_rate};
    const double sum_m_after = incomes_pay(ag, &terms, sim->balance, sim->block_sums);
    REQUIRE_FINITE(sum_m_after, "sum of money balances");
    sim->sum_m = sum_m_after;

    lap(sim, PHASE_INCOMES);

    /* 8. metrics */
    Distribution dist;
    metrics_distribution(ag, sim->balance, sim->work, sim->block_sums, price, v, m, &dist);
    if (m == 0) {
        sim->p10_c0 = dist.consumption_p10;
        sim->median_c0 = dist.consumption_median;
    }
    Results *r = &sim->res;
    const int months = r->months;
    long long automated[2] = {0, 0};
    /* this process's agents only (all of them unless split over ranks), then summed */
    const int mine_lo = ag->block_lo < ag->block_hi ? block_begin(ag->block_lo) : 0;
    const int mine_hi = ag->block_lo < ag->block_hi ? block_end(ag->block_hi - 1, n) : 0;
    for (int o = 0; o < ag->n_occ; o++) {
        long long e = 0, a = 0;
        const int lo = ag->occ_begin[o] > mine_lo ? ag->occ_begin[o] : mine_lo;
        const int hi = ag->occ_begin[o + 1] < mine_hi ? ag->occ_begin[o + 1] : mine_hi;
        for (int i = lo; i < hi; i++) {
            e += ag->status[i] & AGENT_EMPLOYED;
            a += ag->slot[i] != TECH_HUMAN;
        }
        sim->occ_counts[2 * o] = e;
        sim->occ_counts[2 * o + 1] = a;
    }
    dist_sum_counts(sim->occ_counts, 2 * ag->n_occ);
    for (int o = 0; o < ag->n_occ; o++) {
        const long long e = sim->occ_counts[2 * o], a = sim->occ_counts[2 * o + 1];
        r->occ_employed[(size_t)o * months + m] = (double)e * scale;
        r->occ_automated[(size_t)o * months + m] = (double)a * scale;
        automated[p->occupations.rows[o].job_class] += a;
    }
    const double M = sim->money_stock;
    const double L = scale * n;
    const double nw = (double)ag->n_class[CLASS_WHITE], nb = (double)ag->n_class[CLASS_BLUE];
    double row[SERIES_COUNT];
    row[SERIES_month] = m;
    row[SERIES_year] = p->run.start_year + tech->years;
    row[SERIES_money_stock] = M;
    row[SERIES_velocity] = 12.0 * spending / M;
    row[SERIES_price_level] = price;
    row[SERIES_output] = 12.0 * prod.output;
    row[SERIES_nominal_gdp] = 12.0 * spending;
    row[SERIES_inflation] = inflation;
    row[SERIES_expected_inflation] = sim->expected_inflation;
    row[SERIES_ai_capability] = tech->ai;
    row[SERIES_robot_capability] = tech->robot;
    row[SERIES_robot_fleet] = tech->fleet;
    row[SERIES_robot_slots] =
        (double)(sim->machines.slots[TECH_ROBOT][0] + sim->machines.slots[TECH_ROBOT][1]) * scale;
    row[SERIES_energy_gw] = tech->energy_gw;
    row[SERIES_machine_output_cap] = 12.0 * tech->machine_cap;
    row[SERIES_cap_binding] = prod.cap_binding;
    row[SERIES_human_output] = 12.0 * prod.human;
    row[SERIES_machine_output] = 12.0 * prod.machine;
    row[SERIES_employment_rate] = (double)employed / n;
    row[SERIES_employment_rate_white] = nw > 0 ? (double)prod.employed[CLASS_WHITE] / nw : 0.0;
    row[SERIES_employment_rate_blue] = nb > 0 ? (double)prod.employed[CLASS_BLUE] / nb : 0.0;
    row[SERIES_automated_share_white] = nw > 0 ? (double)automated[CLASS_WHITE] / nw : 0.0;
    row[SERIES_automated_share_blue] = nb > 0 ? (double)automated[CLASS_BLUE] / nb : 0.0;
    row[SERIES_displaced] = (double)displaced * scale;
    row[SERIES_reemployed] = (double)reemployed * scale;
    row[SERIES_real_income_mean] = dist.income_mean;
    row[SERIES_real_income_median] = dist.income_median;
    row[SERIES_real_income_p10] = dist.income_p10;
    row[SERIES_real_income_p90] = dist.income_p90;
    row[SERIES_real_consumption_mean] = 12.0 * spending / price / L;
    row[SERIES_real_consumption_median] = dist.consumption_median;
    row[SERIES_real_consumption_p10] = dist.consumption_p10;
    row[SERIES_real_consumption_displaced] = dist.consumption_displaced;
    row[SERIES_real_wage_employed] =
        employed > 0 ? 12.0 * ag->labor_share * prod.human / (scale * (double)employed) : NAN;
    row[SERIES_capital_share] = capital_income / spending;
    row[SERIES_ubi_per_worker] = 12.0 * p->policy.ubi.tax_rate * capital_income / L;
    row[SERIES_money_created] = delta;
    row[SERIES_gini_income] = dist.gini_income;
    row[SERIES_gini_money] = dist.gini_money;
    row[SERIES_real_median_balance] = dist.median_balance / price;
    row[SERIES_uhi_p10] = sim->p10_c0 > 0 ? dist.consumption_p10 / sim->p10_c0 : 0.0;
    row[SERIES_uhi_median] = sim->median_c0 > 0 ? dist.consumption_median / sim->median_c0 : 0.0;
    row[SERIES_uhi_displaced] = dist.uhi_displaced;
    row[SERIES_identity_mv_pq] = fabs(M * v - 12.0 * price * prod.output) / (12.0 * price * prod.output);
    row[SERIES_identity_money] = fabs(scale * sum_m_after - M) / M;
    for (int s = 0; s < SERIES_COUNT; s++) {
        if (isnan(row[s]) && metrics_series_nullable(s))
            continue;
        REQUIRE_FINITE(row[s], metrics_series_name(s));
    }
    if ((st = status_take_gsl_error(err)) != SIM_OK)
        return st;
    for (int s = 0; s < SERIES_COUNT; s++)
        r->series[s][m] = row[s];
    sim->price_prev = price;
    lap(sim, PHASE_METRICS);
    sim->month++;
    r->months_done = sim->month;
    return SIM_OK;
}
