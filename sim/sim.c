/* sim.c - The composition root. One month, in this order (MODEL.md section 4):
 *   1. technology   A, R, fleet F, energy E, kappa per technology
 *   2. automation   feasible human jobs go to AI or robots
 *   3. labour       layoffs at last month's wage gap, re-employment (reinstatement)
 *   4. production   Q = Q_h + f Q_m*, f < 1 when the machines want more energy than E
 *   5. money policy Delta M from the rule, credited through its channel
 *   6. spending     v, S = v M / 12, P = S / Q, inflation and expectations
 *   7. incomes      wage index and gap, wages, capital income, taxes, UI, basic
 *                   income, debt payments and receipts; money conserved
 *   8. metrics      the month's series
 * Changing this order changes results: review it like a model equation. Each
 * step is a call into the module its name suggests; the passes over the agents
 * run through exec.h, kernels with no global result between them in one pass. */
#include "sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agents.h"
#include "automation.h"
#include "clock.h"
#include "debt.h"
#include "exec.h"
#include "incomes.h"
#include "labour.h"
#include "money.h"
#include "policy.h"
#include "production.h"
#include "rng.h"
#include "technology.h"
#include "wages.h"

struct Sim {
    const Params *p;        /* borrowed */
    Agents *ag;             /* owned */
    Exec *ex;               /* the block plan and its passes; owned */
    Technology tech;
    Machines machines;
    AutomationWork *auto_work; /* owned; its [n] arrays borrowed from balance, income, work */
    gsl_rng **block_rng;    /* one workspace generator per block of this process (NULL for the
                             * others'); owned */
    int blocks;
    /* The [n] scratch arrays hold, as the agents' arrays do (agents.h), this
     * process's agents [first, end) only, except on the root, which gathers
     * every agent's balance and income (and the displaced lists) for the exact
     * metrics and sorts them: there they have all n entries (span [0, n)).
     * Scratch live only from step 5 (money_credit writes the new money into
     * income; balance is first written in step 7, work in step 8) to the end of
     * step 8, nothing carried into the next month: automation (steps 2-4, up to
     * the end of the pass of its apply kernel, whose other kernels touch none
     * of the three) works in the same storage, its draws in work, its energy
     * needs in balance and its candidate lists in income
     * (automation_work_create_span, over this process's agents), which saves
     * 22 bytes an agent. A new use of the three must keep to steps 5-8, or
     * automation must get its own. */
    int span_first, span_end; /* the entries the [n] scratch arrays hold */
    double *balance;        /* balances at spending time [n]; owned scratch */
    double *income;         /* this month's incomes, sorted for the quantiles [n]; owned scratch */
    double *work;           /* [n], for the metrics' sort (on the root) and automation; owned
                             * scratch */
    long long *occ_counts;  /* employed and automated agents per occupation [2 n_occ]; owned scratch */
    long long *occ_edge;    /* the same for each block's first and last occupation [4 blocks]; owned */
    long long automated_class[2]; /* agents whose starting job is machine-run, by class */
    double money_stock;     /* M [nominal $] */
    double sum_m;           /* sum of balances after last month's incomes [nominal $ per worker] */
    double price_prev;      /* P of the previous month (1 before month 0) */
    double expected_inflation; /* pi_e [1/year] */
    double wage_index;      /* W of the previous month (1 before month 0) [-] */
    double gap;             /* g = W / P of the previous month (1 before month 0) [-] */
    double unemployment;    /* unemployment rate of the previous month (0 before month 0) [-] */
    long long defaulted;    /* debtors who have defaulted so far [agents] */
    int debt_payments;      /* payments of every debtor's annuity [months] */
    double p10_c0, median_c0, bottom10_c0; /* real consumption at month 0 [base-year $/year] */
    double *occ_income;     /* this month's mean real income per occupation [n_occ]; owned scratch */
    double *displaced_c, *displaced_ratio; /* [n] each for the displaced medians; owned scratch */
    long long *displaced_count; /* [2 blocks]; owned scratch */
    MetricsPass metrics;    /* this month's metrics kernel, which the distribution reads */
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
    exec_destroy(sim->ex);
    automation_work_destroy(sim->auto_work);
    if (sim->block_rng)
        for (int b = 0; b < sim->blocks; b++)
            gsl_rng_free(sim->block_rng[b]);
    free(sim->block_rng);
    exec_span_free(sim->balance, sim->span_first, sizeof(double));
    exec_span_free(sim->income, sim->span_first, sizeof(double));
    exec_span_free(sim->work, sim->span_first, sizeof(double));
    free(sim->occ_counts);
    free(sim->occ_edge);
    free(sim->occ_income);
    exec_span_free(sim->displaced_c, sim->span_first, sizeof(double));
    exec_span_free(sim->displaced_ratio, sim->span_first, sizeof(double));
    free(sim->displaced_count);
    for (int s = 0; s < SERIES_COUNT; s++)
        free(sim->res.series[s]);
    free(sim->res.occ_employed);
    free(sim->res.occ_automated);
    free(sim->res.occ_income);
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
    const int n = (int)p->run.agents, months = (int)p->run.months;
    const BlockPlan plan = exec_plan(n);
    sim->blocks = plan.blocks;
    if ((sim->ex = exec_create(&plan)) == NULL) {
        sim_fail(err, SIM_ERR_MEMORY, "out of memory");
        sim_destroy(sim);
        return NULL;
    }
    if ((sim->ag = agents_create_on(p, sim->ex, err)) == NULL) {
        sim_destroy(sim);
        return NULL;
    }
    int first, end;
    exec_agent_range(&plan, &first, &end);
    const bool root = exec_root(sim->ex);
    sim->span_first = root ? 0 : first;
    sim->span_end = root ? n : end;
    sim->block_rng = calloc((size_t)sim->blocks, sizeof *sim->block_rng);
    sim->balance = exec_span_alloc(sim->span_first, sim->span_end, sizeof(double), false);
    sim->income = exec_span_alloc(sim->span_first, sim->span_end, sizeof(double), false);
    sim->work = exec_span_alloc(sim->span_first, sim->span_end, sizeof(double), false);
    sim->auto_work =
        automation_work_create_span(n, first, end, sim->work, sim->balance, sim->income);
    sim->occ_counts = malloc((size_t)sim->ag->n_occ * 2 * sizeof(long long));
    sim->occ_edge = calloc((size_t)sim->blocks * 4, sizeof(long long));
    sim->occ_income = malloc((size_t)sim->ag->n_occ * sizeof(double));
    sim->displaced_c = exec_span_alloc(sim->span_first, sim->span_end, sizeof(double), false);
    sim->displaced_ratio = exec_span_alloc(sim->span_first, sim->span_end, sizeof(double), false);
    sim->displaced_count = calloc(2 * (size_t)sim->blocks, sizeof(long long));
    bool ok = sim->auto_work && sim->block_rng && sim->balance && sim->income &&
              sim->work && sim->occ_counts && sim->occ_edge && sim->occ_income &&
              sim->displaced_c && sim->displaced_ratio && sim->displaced_count;
    for (int b = plan.lo; ok && b < plan.hi; b++)
        ok = (sim->block_rng[b] = rng_create()) != NULL;
    Results *r = &sim->res;
    r->months = months;
    r->n_occ = sim->ag->n_occ;
    for (int s = 0; ok && s < SERIES_COUNT; s++)
        ok = (r->series[s] = malloc((size_t)months * sizeof(double))) != NULL;
    if (ok) {
        r->occ_employed = malloc((size_t)r->n_occ * (size_t)months * sizeof(double));
        r->occ_automated = malloc((size_t)r->n_occ * (size_t)months * sizeof(double));
        r->occ_income = malloc((size_t)r->n_occ * (size_t)months * sizeof(double));
        ok = r->occ_employed && r->occ_automated && r->occ_income;
    }
    if (!ok) {
        sim_fail(err, SIM_ERR_MEMORY, "out of memory allocating workspaces for %d agents x %d months",
                 n, months);
        sim_destroy(sim);
        return NULL;
    }
    r->scale = sim->ag->scale;
    r->labor_share = sim->ag->labour_share;
    r->wage_factor = sim->ag->wage_factor;
    r->agents_per_class[CLASS_WHITE] = sim->ag->n_class[CLASS_WHITE];
    r->agents_per_class[CLASS_BLUE] = sim->ag->n_class[CLASS_BLUE];
    technology_init(&sim->tech, params_fleet_max(p));
    sim->money_stock = p->money.stock;
    sim->price_prev = 1.0;
    sim->expected_inflation = 0.0;
    sim->wage_index = 1.0;
    sim->gap = 1.0;
    sim->debt_payments = debt_payment_count(&p->debt);
    lap(sim, PHASE_INIT);
    return sim;
}

int sim_months_done(const Sim *sim) { return sim->month; }
const double *sim_phase_seconds(const Sim *sim) { return sim->phase_seconds; }

const Results *sim_results(const Sim *sim) { return &sim->res; }

/* Fails the month if x is NaN or infinite; `what` names the quantity. Needs
 * p, m and err in scope. */
#define REQUIRE_FINITE(x, what)                                                                    \
    do {                                                                                           \
        double v_ = (x);                                                                           \
        if (!isfinite(v_))                                                                         \
            return sim_fail(err, SIM_ERR_NUMERIC,                                                  \
                            "month %d (year %.2f): %s became %g; the run stopped and wrote no "   \
                            "output",                                                              \
                            m, p->run.start_year + m / 12.0, what, v_);                            \
    } while (0)

/* 1. technology */
static SimStatus step_technology(Sim *sim, SimError *err)
{
    const Params *p = sim->p;
    const int m = sim->month;
    Technology *tech = &sim->tech;
    technology_advance(tech, &p->ai, &p->robots, &p->energy, p->run.start_year, m,
                       sim->ag->scale);
    REQUIRE_FINITE(tech->ai, "AI capability A");
    REQUIRE_FINITE(tech->robot, "robot capability R");
    REQUIRE_FINITE(tech->fleet, "robot fleet F");
    REQUIRE_FINITE(tech->energy_kwh, "energy capacity E");
    return SIM_OK;
}

static AutomationParams automation_params(const Params *p)
{
    return (AutomationParams){.ai = &p->ai, .robots = &p->robots,
                              .adoption_per_year = p->labor.adoption_per_year, .seed = p->run.seed,
                              .automates_blue_collar = p->ai.automates_blue_collar,
                              .ai_fallback = p->robots.ai_fallback,
                              .gates_adoption = p->energy.gates_adoption};
}

/* 2-4. the adopters' jobs go to machines, labour, production, and the month's
 * counts per occupation (status and slots are then final): one pass, as no
 * global result lies between them; on each block in this order */
static SimStatus step_production(Sim *sim, long long labour_counts[3], Production *prod,
                                 SimError *err)
{
    const Params *p = sim->p;
    const int m = sim->month;
    const AutomationParams ap = automation_params(p);
    const AutomationApply apply =
        automation_apply_prepare(sim->ag, &ap, sim->auto_work, &sim->machines, m);
    const LabourStepParams lp = {.labour = &p->labor, .sigma_ai = p->ai.threshold_sigma,
                                 .sigma_robot = p->robots.threshold_sigma, .seed = p->run.seed};
    const LabourPass labour =
        labour_prepare(sim->ag, &lp, &sim->tech, sim->block_rng, m, sim->gap);
    const ProductionPass production = {
        .ag = sim->ag, .month = m,
        .ui_months = government_pays_ui(&p->policy.fiscal) ? (int)p->policy.fiscal.ui_months : 0};
    OccupationPass occupations = {.ag = sim->ag, .counts = sim->occ_counts, .edge = sim->occ_edge};
    metrics_occupation_prepare(&occupations);
    const Kernel pass[] = {{automation_apply_kernel, &apply}, {labour_kernel, &labour},
                           production_kernel(&production), metrics_occupation_kernel(&occupations)};
    BlockResult totals[4];
    exec_pass(sim->ex, pass, 4, totals);
    automation_apply_finish(&apply, &totals[0], &sim->machines); /* before Q_m* reads them */
    labour_counts[0] = totals[1].count[LABOUR_COUNT_HIRED];
    labour_counts[1] = totals[1].count[LABOUR_COUNT_LAID_OFF];
    labour_counts[2] = totals[1].count[LABOUR_COUNT_FAILED_HIRES];
    production_output(&totals[2], sim->ag->scale, &p->economy, &p->ai, &p->robots, &sim->tech,
                      &sim->machines, prod);
    Results *r = &sim->res;
    metrics_occupations(&occupations, sim->ex, &p->occupations, sim->ag->scale, m, r->months,
                        r->occ_employed, r->occ_automated, sim->automated_class);
    REQUIRE_FINITE(prod->machine_wanted, "machine output wanted Q_m*");
    REQUIRE_FINITE(prod->output, "output Q");
    if (!(prod->output > 0))
        return sim_fail(err, SIM_ERR_NUMERIC,
                        "month %d (year %.2f): output Q is %g, so the price level S/Q is not "
                        "finite; the run stopped and wrote no output",
                        m, p->run.start_year + m / 12.0, prod->output);
    return SIM_OK;
}

/* 5. money policy: the rule knows this month's Q and the velocity people will
 * use; returns Delta M in *delta and the balances' sum after it in *sum_m */
static SimStatus step_money(Sim *sim, const Production *prod, double velocity, double *delta,
                            double *sum_m, SimError *err)
{
    const Params *p = sim->p;
    const int m = sim->month;
    *delta = policy_money_change(&p->policy.money, &p->money, sim->tech.years, sim->money_stock,
                                 velocity, prod->output);
    REQUIRE_FINITE(*delta, "new money Delta M");
    const long long displaced =
        sim->ag->n - (prod->employed[CLASS_WHITE] + prod->employed[CLASS_BLUE]);
    *sum_m = money_credit(sim->ex, sim->ag, p->policy.money.channel, *delta, sim->money_stock,
                          displaced, m > 0 ? &sim->sum_m : NULL, sim->income);
    sim->money_stock += *delta;
    REQUIRE_FINITE(sim->money_stock, "money stock M");
    if (!(sim->money_stock > 0))
        return sim_fail(err, SIM_ERR_NUMERIC, "month %d: money stock M fell to %g", m,
                        sim->money_stock);
    return SIM_OK;
}

/* 6. spending and prices: S = sum c, P = S / Q, inflation, expectations */
static SimStatus step_spending(Sim *sim, const Production *prod, double velocity, double sum_m,
                               Spending *out, SimError *err)
{
    const Params *p = sim->p;
    const int m = sim->month;
    money_spend(&p->money, sim->ag->scale, sum_m, velocity, prod->output, sim->price_prev,
                sim->expected_inflation, out);
    REQUIRE_FINITE(out->price, "price level P");
    REQUIRE_FINITE(out->inflation, "inflation");
    REQUIRE_FINITE(out->expected_inflation, "expected inflation");
    sim->expected_inflation = out->expected_inflation;
    return SIM_OK;
}

/* 7. incomes, debt payments and receipts, and in the same pass as the last
 * of them the month's sums for the metrics (they need only P, v and what the
 * incomes kernels wrote for the block). Debt receipts need the month's total
 * payments, a global result: with debt, a second pass. */
static SimStatus step_incomes(Sim *sim, const IncomeTerms *terms, double delta,
                              BlockResult *metric_sums, DebtMonth *debt, SimError *err)
{
    const Params *p = sim->p;
    Agents *ag = sim->ag;
    const int m = sim->month;
    IncomePass incomes;
    incomes_prepare(&incomes, ag, terms, &p->policy.fiscal, m, delta != 0, sim->balance,
                    sim->income);
    MetricsPass *metrics = &sim->metrics;
    metrics_prepare(metrics, ag, sim->balance, sim->income, terms->price_level, terms->velocity,
                    m, sim->displaced_c, sim->displaced_ratio, sim->displaced_count, sim->blocks);
    *debt = (DebtMonth){.defaulted = sim->defaulted, .debtors = ag->debtors};
    /* after the last payment (or without debt) nothing moves between debtors
     * and creditors: one pass */
    if (ag->pay == NULL || m >= sim->debt_payments) {
        const Kernel pass[] = {incomes_kernel(&incomes), metrics_kernel(metrics)};
        BlockResult totals[2];
        exec_pass(sim->ex, pass, 2, totals);
        sim->sum_m = totals[0].sum[0];
        *metric_sums = totals[1];
    } else {
        const DebtPayments pay = {.pay = ag->pay, .m = ag->m, .income = sim->income};
        const Kernel first[] = {incomes_kernel(&incomes), {debt_payments_kernel, &pay}};
        BlockResult paid[2];
        exec_pass(sim->ex, first, 2, paid);
        /* X = scale sum paid goes to owners as X k / scale */
        const DebtReceipts receipts = {.k = ag->k, .m = ag->m, .income = sim->income,
                                       .per_share = paid[1].sum[0]};
        const Kernel second[] = {{debt_receipts_kernel, &receipts}, metrics_kernel(metrics)};
        BlockResult totals[2];
        exec_pass(sim->ex, second, 2, totals);
        sim->sum_m = totals[0].sum[0];
        *metric_sums = totals[1];
        sim->defaulted += paid[1].count[0];
        const int left = sim->debt_payments - m - 1;
        *debt = (DebtMonth){
            .paid = ag->scale * paid[1].sum[0],
            .outstanding = left > 0 ? ag->scale * paid[1].sum[0] *
                                          debt_annuity_factor(p->debt.rate, left)
                                    : 0.0,
            .defaults = paid[1].count[0],
            .defaulted = sim->defaulted,
            .debtors = ag->debtors};
    }
    REQUIRE_FINITE(sim->sum_m, "sum of money balances");
    return SIM_OK;
}

/* 8. metrics: the distribution statistics into *dist (which rec points to) and
 * the month's row of series */
static SimStatus step_metrics(Sim *sim, const MonthRecord *rec, Distribution *dist,
                              const BlockResult *metric_sums, SimError *err)
{
    const Params *p = sim->p;
    const int m = sim->month;
    metrics_distribution(sim->ex, metric_sums, &sim->metrics, sim->ag, sim->balance, sim->income,
                         sim->work, rec->spending->price, rec->velocity, sim->occ_income, dist);
    if (m == 0) {
        sim->p10_c0 = dist->consumption_p10;
        sim->median_c0 = dist->consumption_median;
        sim->bottom10_c0 = dist->consumption_bottom10;
    }
    MonthRecord full = *rec;
    full.p10_c0 = sim->p10_c0;
    full.median_c0 = sim->median_c0;
    full.bottom10_c0 = sim->bottom10_c0;
    double row[SERIES_COUNT];
    metrics_row(&full, row);
    for (int s = 0; s < SERIES_COUNT; s++) {
        if (isnan(row[s]) && metrics_series_nullable(s))
            continue;
        REQUIRE_FINITE(row[s], metrics_series_name(s));
    }
    SimStatus st;
    if ((st = status_take_gsl_error(err)) != SIM_OK)
        return st;
    for (int s = 0; s < SERIES_COUNT; s++)
        sim->res.series[s][m] = row[s];
    for (int o = 0; o < sim->ag->n_occ; o++) {
        REQUIRE_FINITE(sim->occ_income[o], "an occupation's mean real income");
        sim->res.occ_income[(size_t)o * sim->res.months + m] = sim->occ_income[o];
    }
    return SIM_OK;
}

SimStatus sim_step(Sim *sim, SimError *err)
{
    const Params *p = sim->p;
    Agents *ag = sim->ag;
    const int m = sim->month;
    SimStatus st;
    sim->clock = clock_seconds();

    /* 1. technology, 2. automation: who adopts */
    if ((st = step_technology(sim, err)) != SIM_OK)
        return st;
    const AutomationParams ap = automation_params(p);
    AutomationCounts counts;
    if ((st = automation_decide(sim->ex, ag, &ap, &sim->tech, &sim->machines, sim->auto_work, m,
                                &counts, err)) != SIM_OK)
        return st;
    lap(sim, PHASE_AUTOMATION);

    /* 2-4. the adopters displaced, 3. labour, 4. production */
    long long labour_counts[3] = {0, 0, 0};
    Production prod;
    if ((st = step_production(sim, labour_counts, &prod, err)) != SIM_OK)
        return st;
    lap(sim, PHASE_PRODUCTION);

    /* 5. money policy */
    const double v = money_velocity(&p->money, sim->expected_inflation);
    double delta = 0, sum_m = 0;
    if ((st = step_money(sim, &prod, v, &delta, &sum_m, err)) != SIM_OK)
        return st;
    lap(sim, PHASE_POLICY);

    /* 6. spending and prices */
    Spending spending;
    if ((st = step_spending(sim, &prod, v, sum_m, &spending, err)) != SIM_OK)
        return st;
    lap(sim, PHASE_SPENDING);

    /* 7a. the wage index follows P up at once and down at most by d a year */
    const double wage_index = wages_index(sim->wage_index, spending.price,
                                          p->wages.max_cut_per_year,
                                          p->wages.max_cut_per_unemployment, sim->unemployment);
    REQUIRE_FINITE(wage_index, "nominal wage index W");
    /* 7b-h. wages, capital income, taxes and transfers, debt */
    const IncomeTerms terms = incomes_terms(
        spending.spending, spending.price, wage_index, prod.human, prod.machine, prod.trend, v,
        ag->labour_share, &p->policy.fiscal, prod.claim_base, ag->scale * ag->n);
    BlockResult metric_sums;
    DebtMonth debt;
    if ((st = step_incomes(sim, &terms, delta, &metric_sums, &debt, err)) != SIM_OK)
        return st;
    lap(sim, PHASE_INCOMES);

    /* 8. metrics */
    Distribution dist;
    const long long employed = prod.employed[CLASS_WHITE] + prod.employed[CLASS_BLUE];
    const MonthRecord rec = {
        .month = m, .start_year = p->run.start_year, .ag = ag, .tech = &sim->tech,
        .prod = &prod, .spending = &spending, .incomes = &terms, .dist = &dist, .velocity = v,
        .money_stock = sim->money_stock, .money_created = delta, .sum_m = sim->sum_m,
        .robot_slots = sim->machines.slots[TECH_ROBOT][CLASS_WHITE] +
                       sim->machines.slots[TECH_ROBOT][CLASS_BLUE],
        .automated_class = {sim->automated_class[CLASS_WHITE], sim->automated_class[CLASS_BLUE]},
        .reemployed = labour_counts[0], .laid_off = labour_counts[1],
        .failed_hires = labour_counts[2], .held_back = counts.energy_held_back,
        .automated = counts.adopted[TECH_AI] + counts.adopted[TECH_ROBOT],
        .gap = wage_index / spending.price, .debt = debt};
    if ((st = step_metrics(sim, &rec, &dist, &metric_sums, err)) != SIM_OK)
        return st;
    sim->price_prev = spending.price;
    sim->wage_index = wage_index;
    sim->gap = rec.gap;
    sim->unemployment = (double)(ag->n - employed) / ag->n;
    lap(sim, PHASE_METRICS);
    sim->month++;
    sim->res.months_done = sim->month;
    return SIM_OK;
}
