/* agents.h - Agent (household/worker) state as structure of arrays, and its
 * initialisation (MODEL.md section 2). Per-agent quantities are per worker; an
 * agent stands for `scale` = L/N real workers. */
#pragma once
#include <stdint.h>

#include "exec.h"
#include "params.h"

enum {
    AGENT_EMPLOYED = 1,       /* works a human job */
    AGENT_JUST_DISPLACED = 2  /* displaced this month: looks for work from next month */
};

/* Who runs a job: the one coding of the technology everywhere (agents' slot,
 * automation's candidates and decisions, arrays over technologies). 0 is the
 * human, so zeroed memory means "no machine". Arrays indexed by technology have
 * TECH_COUNT entries; the TECH_HUMAN entry of a machine array stays 0. */
typedef enum Tech { TECH_HUMAN = 0, TECH_AI = 1, TECH_ROBOT = 2 } Tech;
enum { TECH_COUNT = 3 };

/* slot value of a starting job a layoff destroyed (MODEL.md 4 step 3): run by
 * nobody, and not a Tech (no machine array has an entry for it). */
enum { SLOT_LOST = 3 };

/* The per-agent arrays (marked [n] below) are indexed by the agent's index i
 * in the whole run, 0 <= i < n, but hold only the agents [first, end) of this
 * process: its blocks of a split run (exec_agent_range), all n otherwise. Each
 * is allocated for end - first entries and its pointer moved back by first
 * entries (exec_span_alloc), so kernels index agents as in one process and an
 * entry outside [first, end) is never to be read or written. A process of a
 * split run without blocks has first = end = 0. */
typedef struct Agents {
    int n;               /* N agents in the whole run */
    int first, end;      /* the agents held here, [first, end) */
    double scale;        /* workers per agent, L/N */
    double labour_share; /* omega [-] */
    int n_class[2];      /* agents per JobClass, over the whole run */
    int *occ_begin;      /* agents of occupation o are occ_begin[o] .. occ_begin[o+1]-1, over the
                          * whole run; owned, n_occ+1 */
    int n_occ;
    uint16_t *occ;       /* occupation row [n]; owned */
    uint8_t *job_class;  /* JobClass [n]; owned */
    uint8_t *status;     /* AGENT_* flags [n]; owned */
    uint8_t *slot;       /* Tech running the agent's starting job, or SLOT_LOST [n]; owned */
    double *a;           /* base output of the current human job [base-year $/month], [n]; owned */
    double *theta_ai;    /* AI capability the current job needs [-], [n]; owned */
    double *theta_rb;    /* robot capability the current job needs [-], [n]; owned */
    double *m;           /* money balance [nominal $ per worker], [n]; owned */
    double *k;           /* ownership share of capital income, sum 1 [-], [n]; owned */
    double *c0;          /* real consumption at month 0 [base-year $/year], [n]; owned */
    double *viab;        /* largest real-wage gap the agent's line of work survives, in
                          * [1, 1/omega] (MODEL.md 4d) [-], [n]; owned */
    int32_t *lost_month; /* month the agent last lost a human job, -1 before [month], [n]; owned */
    double *pay;         /* fixed debt payment [nominal $/month per worker], 0 for no debt or
                          * after a default, [n]; owned; NULL when debt.enabled is false */
    long long debtors;   /* agents holding debt at month 0 [agents] */
    double debt0;        /* scale sum of debt at month 0 [nominal $] */
    double wage_factor;  /* factor the table's wages were scaled by to meet omega (1 when
                          * economy.labor_share = 0) [-] */
} Agents;

/* Allocates and initialises N = p->run.agents agents from the validated params
 * (MODEL.md 2): occupations by largest remainder, lognormal wages scaled to
 * economy.labor_share (the factor kept in wage_factor), thresholds, viability,
 * ownership, debt when p->debt.enabled (debtor when its uniform of
 * RNG_STREAM_INIT_DEBT is below debt.share_with_debt; debt lambda W_i with
 * scale sum debt = debt.to_gdp M0 V0; pay_i its annuity payment) and the
 * steady-state balances m_i = 12 net_i / V0 of the month-0 net income at
 * P = W = 1 (taxes, basic income, debt payments and receipts included), so
 * scale * sum m = M0 up to rounding. Returns NULL with err set: SIM_ERR_MEMORY
 * if out of memory; SIM_ERR_CONFIG if the derived labour share is not in
 * (0, 1], or if a debtor's month-0 payment exceeds its month-0 income (its
 * balance would be negative; the message names debt.to_gdp, debt.rate,
 * debt.term_years and the largest debt.to_gdp that fits). Free with
 * agents_destroy(). Holds every agent (agents_create_on with a local plan). */
Agents *agents_create(const Params *p, SimError *err);

/* agents_create for the agents [first, end) of ex's plan (exec_agent_range):
 * each array holds those agents only, with the values they have in a run
 * holding all agents, bit for bit. What needs every agent (the sums over all
 * wages and payments in agent order, the wage and ownership ranks) is computed
 * by the root (exec_root) alone, which draws every agent's wage for it (the
 * draws are addressed by agent). A root holding every agent (one process)
 * ranks in storage it lends itself (m and c0 hold the sorts' keys before their
 * values), 20 B an agent above the state at its peak; the root of a split run
 * holds, during this call only, about 44 B per agent of the whole run (wages,
 * shares, keys, ranks). It then broadcasts the totals and scatters the
 * ownership shares. Collective over the ranks of a split plan: every rank
 * calls it, and every rank fails alike when the root's part fails (on the
 * other ranks err says that rank 0 failed, with the root's status). ex's plan
 * must have n = p->run.agents. */
Agents *agents_create_on(const Params *p, Exec *ex, SimError *err);

/* Frees everything; NULL is allowed. */
void agents_destroy(Agents *ag);

/* Splits n agents over weights w[0..count-1] (>= 0, sum > 0) by largest
 * remainder: out[o] = floor(n w_o / sum w) plus one for the largest fractional
 * parts (ties to the lower row). out[0..count-1] sums to n exactly. */
void agents_allocate(int n, const double *w, int count, int *out);

/* The Lorenz curve of equity ownership of the "dfa" distribution (MODEL.md 2):
 * the share of all equity held by the lowest fraction x in [0, 1] of ownership
 * ranks [-]. Through the knots (s, 0), (0.5, b50), (0.9, b50 + m40),
 * (0.99, 1 - t1), (1, 1), linear between them except on [0.99, 1], where it is
 * a Pareto tail:
 *   L(x) = 0                                   x <= s
 *   L(x) = 1 - t1 ((1 - x)/0.01)^(1 - 1/alpha) 0.99 <= x <= 1
 * with s = non_owner_share, b50 = share_bottom50, m40 = share_50_90,
 * t1 = share_top1, alpha = top_alpha (> 1). Source of the default shares: the
 * Fed's Distributional Financial Accounts, corporate equities and mutual fund
 * shares, 2025Q1; s: Gallup 2024. Convex for params that pass
 * params_validate(); x outside [0, 1] is clamped. */
double agents_dfa_lorenz(const OwnershipParams *p, double x);

/* Fills k[0..n-1] with ownership shares from the Gaussian copula of MODEL.md 2:
 * z = rho Phi^-1((wage_rank + 0.5)/n) + sqrt(1 - rho^2) eps, agents ranked by z
 * (r = 0 the lowest); the weights depend on the rank alone:
 *   "dfa":    k = L((r + 1)/n) - L(r/n), L = agents_dfa_lorenz(), so the ranks
 *             of a group [r0, r1) hold L(r1/n) - L(r0/n): the configured share
 *             exactly where n puts a group edge on a whole rank, within one
 *             agent's weight elsewhere. Not normalised: neighbouring L values
 *             differ mostly exactly, so sum k telescopes to L(1) - L(0) = 1
 *             (exactly 1 at 2e4-1e6 agents summed with compensation; a plain
 *             running sum is off by about 1e-13);
 *   "pareto": the lowest floor(non_owner_share n) ranks own nothing; the others
 *             get the Pareto(pareto_alpha) quantile at (rank' + 0.5)/n',
 *             normalised to sum 1;
 *   "equal":  k = 1/n (no draws).
 * wage_rank[i] is agent i's rank by wage (0 = lowest). Draws eps from
 * RNG_STREAM_INIT_OWNERSHIP. Returns SIM_ERR_MEMORY if out of memory. */
SimStatus agents_ownership(const OwnershipParams *p, uint64_t seed, const int *wage_rank, int n,
                           double *k, SimError *err);
