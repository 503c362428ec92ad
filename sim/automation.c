/* automation.c - Adoption of AI and robots on feasible jobs (MODEL.md 4 step 2). */
#include "automation.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

AutomationWork *automation_work_create(int n, double *draw, double *need, void *lists)
{
    return automation_work_create_span(n, 0, n, draw, need, lists);
}

AutomationWork *automation_work_create_span(int n, int first, int end, double *draw,
                                            double *need, double *lists)
{
    if (draw == NULL || need == NULL || lists == NULL)
        return NULL;
    AutomationWork *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->n = n;
    /* lists: agent at the start of the agents' storage (malloc aligns it for
     * any type), then the bytes; each at the agents' own indices */
    const size_t agents = (size_t)(end > first ? end - first : 1);
    unsigned char *base = (unsigned char *)(lists + first);
    w->agent = (uint32_t *)(void *)base - first;
    w->target = base + agents * sizeof *w->agent - first;
    w->decision = w->target + agents;
    w->draw = draw;
    w->need = need;
    const int blocks = exec_block_count(n);
    w->count = calloc((size_t)(blocks > 0 ? blocks : 1), sizeof *w->count);
    if (!w->count) {
        automation_work_destroy(w);
        return NULL;
    }
    return w;
}

void automation_work_destroy(AutomationWork *w)
{
    if (w == NULL)
        return;
    free(w->count);
    free(w);
}

/* Index of (technology, class) in a BlockResult: 2..5 for the machines. */
static inline int result_index(int k, int c) { return 2 * k + c; }

/* A candidate's target code: the Tech its job would go to in the low bits, plus
 * TARGET_AI_TOO when that Tech is robots and AI is feasible and allowed for the
 * job as well, with robots.ai_fallback on: the job may fall back to AI. */
enum { TARGET_TECH = 3, TARGET_AI_TOO = 4 };

/* BlockResult counts of the draws and of the energy cut: index TECH_AI and
 * TECH_ROBOT are adopters of that Tech, COUNT_FALLBACK the AI adopters among
 * them that fell back from robots. */
enum { COUNT_FALLBACK = TECH_COUNT };

/* Writes code[i] = the target code of agent i's job, or TECH_HUMAN if the agent
 * is not employed or neither technology is feasible, for i in [lo, hi). AI is
 * feasible for a blue-collar job only with ai_blue (bits before atoms). When both
 * are feasible the larger ln(C/theta), i.e. C/theta, wins; a tie goes to AI; a
 * job robots win keeps AI as its fallback when `fallback`. Feasibility is random
 * across agents, so this is written without branches, one lane per agent
 * (vectorised; AVX2 where the CPU has it). ai_on / robot_on: capability > 0 (and
 * free fleet slots, for robots). */
#if defined(__x86_64__) || defined(__i386__)
#define AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else /* WebAssembly (the browser page) */
#define AVX2_CLONES
#endif
AVX2_CLONES static void
feasible(const uint8_t *restrict status, const uint8_t *restrict job_class,
         const double *restrict theta_ai, const double *restrict theta_rb, int lo, int hi,
         double ai, double robot, bool ai_on, bool ai_blue, bool robot_on, bool fallback,
         uint8_t *restrict code)
{
    for (int i = lo; i < hi; i++) {
        const double t_ai = theta_ai[i], t_rb = theta_rb[i];
        const int allowed = ai_blue | (job_class[i] == CLASS_WHITE);
        const int f_ai = ai_on & allowed & (ai >= t_ai);
        const int f_rb = robot_on & (robot >= t_rb);
        const int rb = f_rb & (!f_ai | (robot / t_rb > ai / t_ai));
        const int too = rb & f_ai & fallback;
        /* TECH_AI = 1, TECH_ROBOT = 2 */
        code[i] = (uint8_t)((status[i] & AGENT_EMPLOYED) *
                            ((f_ai | f_rb) + rb + TARGET_AI_TOO * too));
    }
}

typedef struct CandidatePass {
    const Agents *ag;
    AutomationWork *w;
    double ai, robot; /* capabilities A, R [-] */
    bool ai_on, robot_on;
    bool ai_blue;  /* ai.automates_blue_collar */
    bool fallback; /* robots.ai_fallback */
} CandidatePass;

/* Kernel: the block's candidates and their target codes, compacted to the
 * block's start of w; count[0] = its robot candidates. */
static void candidate_kernel(const void *ctx, Block blk, BlockResult *out)
{
    const CandidatePass *cp = ctx;
    const Agents *ag = cp->ag;
    AutomationWork *w = cp->w;
    feasible(ag->status, ag->job_class, ag->theta_ai, ag->theta_rb, blk.begin, blk.end, cp->ai,
             cp->robot, cp->ai_on, cp->ai_blue, cp->robot_on, cp->fallback, w->target);
    /* compact in place: candidate c <= agent i, so target[i] is read first */
    uint32_t *restrict agent = w->agent;
    uint8_t *restrict target = w->target;
    long long robots = 0;
    int c = blk.begin;
    for (int i = blk.begin; i < blk.end; i++) {
        const int code = target[i], k = code & TARGET_TECH;
        agent[c] = (uint32_t)i; /* kept only if k is a machine */
        target[c] = (uint8_t)code;
        c += k != TECH_HUMAN;
        robots += k == TECH_ROBOT;
    }
    w->count[blk.index] = c - blk.begin;
    out->count[0] = robots;
}

/* What a new slot asks of the month's energy: kwh[k] = kappa_k scale [kWh per
 * base-year $ of one agent's slot], cap[k] = C_k, beta[k] = beta_k. */
typedef struct EnergyNeed {
    double kwh[TECH_COUNT];
    double cap[TECH_COUNT];
    double beta[TECH_COUNT];
} EnergyNeed;

/* kappa_k scale a_i (C_k / theta_i^k)^beta_k: agent i's job as a new slot of
 * Tech k, its output in this month's production times kappa_k [kWh/month] */
static double slot_need(const EnergyNeed *e, const Agents *ag, int i, int k)
{
    const double theta = k == TECH_AI ? ag->theta_ai[i] : ag->theta_rb[i];
    return e->kwh[k] * ag->a[i] * pow(e->cap[k] / theta, e->beta[k]);
}

/* free = max(0, E-hat - sum_k kappa_k Q*_k,old), Q*_k,old = scale C_k^beta_k
 * (W_k,white + W_k,blue) from the weights before this month's adopters (C_k = 0:
 * no output), MODEL.md 4 step 2 [kWh/month] */
static double energy_free(const AutomationParams *ap, const Technology *tech,
                          const Machines *machines, double scale)
{
    const double beta[TECH_COUNT] = {[TECH_AI] = ap->ai->output_elasticity,
                                     [TECH_ROBOT] = ap->robots->output_elasticity};
    const double cap[TECH_COUNT] = {[TECH_AI] = tech->ai, [TECH_ROBOT] = tech->robot};
    double old = 0;
    for (int k = TECH_AI; k < TECH_COUNT; k++) {
        const double c = cap[k] > 0 ? pow(cap[k], beta[k]) : 0.0;
        const double weight = machines->weight[k][CLASS_WHITE] + machines->weight[k][CLASS_BLUE];
        old += tech->kwh_per_dollar[k] * (scale * c * weight);
    }
    return fmax(0.0, tech->energy_kwh - old);
}

typedef struct DrawPass {
    const Agents *ag;
    AutomationWork *w;
    RngKey key;
    uint32_t month;
    double prob[TECH_COUNT]; /* adoption probability by Tech [-] */
    EnergyNeed energy;
    bool needs; /* the energy gate is on and some energy is free: adopters' needs wanted */
    bool hold;  /* the gate is on and no energy is free: every adopter stays human */
} DrawPass;

/* Kernel: the block's adoption draws and decisions before the fleet and energy
 * cuts. A job robots win whose draw is above the robot probability falls back to
 * AI if it may (TARGET_AI_TOO) and its draw is below the AI probability.
 * count[k] = adopters of Tech k, count[COUNT_FALLBACK] = the fallbacks among the
 * AI ones. With dp->needs each adopter's need goes to w->need (pow is costly and
 * adopters are sparse: only theirs) and sum[0] is the block's total, in
 * candidate order [kWh/month]. With dp->hold every decision stays TECH_HUMAN
 * and the counts say what the draws chose. */
static void draw_kernel(const void *ctx, Block blk, BlockResult *out)
{
    const DrawPass *dp = ctx;
    AutomationWork *w = dp->w;
    const int first = blk.begin, end = first + w->count[blk.index];
    rng_uniforms(dp->key, RNG_STREAM_AUTOMATION, dp->month, w->agent + first, end - first,
                 w->draw + first);
    const double p_ai = dp->prob[TECH_AI];
    long long adopted[TECH_COUNT] = {0, 0, 0}, fallback = 0;
    double need = 0;
    for (int j = first; j < end; j++) {
        const int code = w->target[j], k = code & TARGET_TECH;
        const double u = w->draw[j];
        const bool adopt = u < dp->prob[k];
        const bool falls = !adopt && (code & TARGET_AI_TOO) && u < p_ai;
        const int d = adopt ? k : falls ? TECH_AI : TECH_HUMAN;
        w->decision[j] = (uint8_t)(dp->hold ? TECH_HUMAN : d);
        adopted[d]++;
        fallback += falls;
        if (dp->needs && d != TECH_HUMAN) {
            w->need[j] = slot_need(&dp->energy, dp->ag, (int)w->agent[j], d);
            need += w->need[j];
        }
    }
    out->count[TECH_AI] = adopted[TECH_AI];
    out->count[TECH_ROBOT] = adopted[TECH_ROBOT];
    out->count[COUNT_FALLBACK] = fallback;
    out->sum[0] = need;
}

typedef struct Candidate {
    double u;    /* adoption draw [-] */
    double need; /* energy its new slot needs, when gathered [kWh/month] */
    int i;       /* agent */
} Candidate;

static int by_draw_then_agent(const void *pa, const void *pb)
{
    const Candidate *a = pa, *b = pb;
    if (a->u != b->u)
        return a->u < b->u ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* Position of agent i among block b's candidates (it must be one). */
static int candidate_of(const AutomationWork *w, int b, int i)
{
    const uint32_t *first = w->agent + exec_block_begin(b);
    int lo = 0, hi = w->count[b] - 1;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (first[mid] < (uint32_t)i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return exec_block_begin(b) + lo;
}

static bool listed(int decision, bool robots_only)
{
    return robots_only ? decision == TECH_ROBOT : decision != TECH_HUMAN;
}

/* Puts the month's adopters of every rank (only the robot ones with robots_only;
 * `all` of them in all) in *list, sorted by draw, ties to the lower agent: this
 * process lists its own from its blocks' candidates in agent order, and
 * exec_gather_pairs puts every rank's together in rank order; with with_need a
 * second gather, in the same order, brings their needs. The caller frees *list.
 * The lists are allocated here, when a cut happens, and not at create time,
 * because cuts are rare: robot adopters are expected to be at most adoption/12
 * of the free slots, and energy is cut this way only in the months when the
 * free energy runs short but is not yet gone. `what` names the cut in the
 * out-of-memory message. */
static SimStatus gather_adopters(Exec *ex, const AutomationWork *w, bool robots_only,
                                 bool with_need, long long all, const char *what, int month,
                                 Candidate **list, SimError *err)
{
    const BlockPlan *plan = exec_block_plan(ex);
    long long mine = 0;
    for (int b = plan->lo; b < plan->hi; b++)
        for (int j = exec_block_begin(b); j < exec_block_begin(b) + w->count[b]; j++)
            mine += listed(w->decision[j], robots_only);
    const size_t n_all = (size_t)all + 1, n_mine = (size_t)mine + 1;
    Candidate *c = malloc(n_all * sizeof *c);
    double *mine_u = malloc(n_mine * sizeof *mine_u), *all_u = malloc(n_all * sizeof *all_u);
    double *mine_need = malloc(n_mine * sizeof *mine_need);
    double *all_need = malloc(n_all * sizeof *all_need);
    int *mine_i = malloc(n_mine * sizeof *mine_i), *all_i = malloc(n_all * sizeof *all_i);
    int *again_i = malloc(n_all * sizeof *again_i);
    SimStatus st = SIM_OK;
    if (!c || !mine_u || !all_u || !mine_need || !all_need || !mine_i || !all_i || !again_i) {
        st = sim_fail(err, SIM_ERR_MEMORY, "month %d: out of memory %s %lld adopters", month,
                      what, all);
        goto done;
    }
    long long m = 0;
    for (int b = plan->lo; b < plan->hi; b++)
        for (int j = exec_block_begin(b); j < exec_block_begin(b) + w->count[b]; j++)
            if (listed(w->decision[j], robots_only)) {
                mine_u[m] = w->draw[j];
                mine_need[m] = with_need ? w->need[j] : 0.0;
                mine_i[m++] = (int)w->agent[j];
            }
    m = exec_gather_pairs(ex, mine_u, mine_i, m, all_u, all_i, all);
    assert(m == all); /* `all` comes from the same decisions, counted over every rank */
    m = m < all ? m : all;
    if (with_need)
        exec_gather_pairs(ex, mine_need, mine_i, mine, all_need, again_i, all);
    for (long long j = 0; j < m; j++) {
        assert(!with_need || again_i[j] == all_i[j]);
        c[j] = (Candidate){all_u[j], with_need ? all_need[j] : 0.0, all_i[j]};
    }
    qsort(c, (size_t)m, sizeof *c, by_draw_then_agent);
    *list = c;
    c = NULL;
done:
    free(c);
    free(mine_u);
    free(all_u);
    free(mine_need);
    free(all_need);
    free(mine_i);
    free(all_i);
    free(again_i);
    return st;
}

/* Cut 1, the fleet is full: keeps the robot adopters (over all ranks) with the
 * smallest draws, ties to the lower agent, and turns the rest away; one whose job
 * may fall back (TARGET_AI_TOO) and whose draw is below the AI probability goes
 * to AI instead (with its need, when dp->needs). A global step between two
 * passes. *fallback gets those fallbacks over all ranks. */
static SimStatus ration_robots(Exec *ex, const DrawPass *dp, long long free_slots, long long all,
                               int month, long long *fallback, SimError *err)
{
    AutomationWork *w = dp->w;
    Candidate *c = NULL;
    SimStatus st = gather_adopters(ex, w, true, false, all, "rationing the robot fleet among",
                                   month, &c, err);
    if (st != SIM_OK)
        return st;
    int first, end;
    exec_agent_range(exec_block_plan(ex), &first, &end);
    long long fell = 0;
    for (long long j = free_slots; j < all; j++) {
        const int i = c[j].i;
        if (i < first || i >= end)
            continue;
        const int at = candidate_of(w, i / EXEC_BLOCK_SIZE, i);
        const bool falls = (w->target[at] & TARGET_AI_TOO) && w->draw[at] < dp->prob[TECH_AI];
        w->decision[at] = (uint8_t)(falls ? TECH_AI : TECH_HUMAN);
        if (falls && dp->needs)
            w->need[at] = slot_need(&dp->energy, dp->ag, i, TECH_AI);
        fell += falls;
    }
    exec_sum_counts(ex, &fell, 1);
    *fallback = fell;
    free(c);
    return SIM_OK;
}

typedef struct CutPass {
    AutomationWork *w;
} CutPass;

/* Kernel: sum[0] = what the block's adopters need, in candidate order
 * [kWh/month]; run when the fleet cut changed decisions after the draws. */
static void need_kernel(const void *ctx, Block blk, BlockResult *out)
{
    const AutomationWork *w = ((const CutPass *)ctx)->w;
    double need = 0;
    for (int j = blk.begin; j < blk.begin + w->count[blk.index]; j++)
        if (w->decision[j] != TECH_HUMAN)
            need += w->need[j];
    out->sum[0] = need;
}

/* The adopters (`all` over every rank) need more than the free energy: keeps
 * them in increasing order of draw, ties to the lower agent, while their
 * cumulative need, summed in that one order, stays within free_kwh
 * [kWh/month], and stops at the first that does not fit; the rest stay human
 * this month. A global step between two passes. held[k] gets the adopters of
 * Tech k held back over all ranks, held[COUNT_FALLBACK] the fallbacks among
 * them. */
static SimStatus share_energy(Exec *ex, AutomationWork *w, double free_kwh, long long all,
                              int month, long long held[TECH_COUNT + 1], SimError *err)
{
    Candidate *c = NULL;
    SimStatus st = gather_adopters(ex, w, false, true, all, "sharing free energy among", month,
                                   &c, err);
    if (st != SIM_OK)
        return st;
    long long kept = 0;
    double used = 0;
    while (kept < all && used + c[kept].need <= free_kwh)
        used += c[kept++].need;
    int first, end;
    exec_agent_range(exec_block_plan(ex), &first, &end);
    for (long long j = kept; j < all; j++) {
        const int i = c[j].i;
        if (i < first || i >= end)
            continue;
        const int at = candidate_of(w, i / EXEC_BLOCK_SIZE, i);
        const int d = w->decision[at];
        held[d]++;
        held[COUNT_FALLBACK] += d == TECH_AI && (w->target[at] & TARGET_AI_TOO);
        w->decision[at] = TECH_HUMAN;
    }
    exec_sum_counts(ex, held, TECH_COUNT + 1);
    free(c);
    return SIM_OK;
}

/* Cut 2, energy (energy.gates_adoption): the adopters left after the fleet cut
 * and the fallback may use only the free energy. drawn_need is the draws' total
 * need, stale when `rationed`. Updates the counts in *out. */
static SimStatus cut_energy(Exec *ex, const DrawPass *dp, double free_kwh, double drawn_need,
                            bool rationed, int month, AutomationCounts *out, SimError *err)
{
    const long long all = out->adopted[TECH_AI] + out->adopted[TECH_ROBOT];
    if (all == 0)
        return SIM_OK;
    const CutPass cut = {dp->w};
    long long held[TECH_COUNT + 1] = {0, 0, 0, 0};
    /* free_kwh > 0 here: with none free the draws held every adopter */
    double need = drawn_need;
    if (rationed) {
        BlockResult total;
        exec_pass(ex, &(Kernel){need_kernel, &cut}, 1, &total);
        need = total.sum[0];
    }
    if (need <= free_kwh)
        return SIM_OK; /* the common case: every adopter fits, no sort */
    SimStatus st = share_energy(ex, dp->w, free_kwh, all, month, held, err);
    if (st != SIM_OK)
        return st;
    out->adopted[TECH_AI] -= held[TECH_AI];
    out->adopted[TECH_ROBOT] -= held[TECH_ROBOT];
    out->ai_fallback -= held[COUNT_FALLBACK];
    out->energy_held_back = held[TECH_AI] + held[TECH_ROBOT];
    return SIM_OK;
}

SimStatus automation_decide(Exec *ex, const Agents *ag, const AutomationParams *ap,
                            const Technology *tech, const Machines *machines, AutomationWork *w,
                            int month, AutomationCounts *out, SimError *err)
{
    const long long used = machines->slots[TECH_ROBOT][CLASS_WHITE] +
                           machines->slots[TECH_ROBOT][CLASS_BLUE];
    const long long free_slots = tech->fleet_slots > used ? tech->fleet_slots - used : 0;
    memset(out, 0, sizeof *out);
    w->decided = false;
    if (tech->ai <= 0 && free_slots <= 0)
        return SIM_OK;

    /* candidates; robot candidates give the capacity slack s_robot */
    const CandidatePass cp = {.ag = ag,
                              .w = w,
                              .ai = tech->ai,
                              .robot = tech->robot,
                              .ai_on = tech->ai > 0,
                              .robot_on = free_slots > 0 && tech->robot > 0,
                              .ai_blue = ap->automates_blue_collar,
                              .fallback = ap->ai_fallback};
    BlockResult found;
    exec_pass(ex, &(Kernel){candidate_kernel, &cp}, 1, &found);
    const long long candidates = found.count[0];
    out->robot_candidates = candidates;

    /* draws and decisions, with the fallback of robot jobs that drew too high */
    const double rate = ap->adoption_per_year / 12.0;
    const double slack = candidates > 0 ? fmin(1.0, (double)free_slots / (double)candidates) : 0.0;
    const double free_kwh = ap->gates_adoption ? energy_free(ap, tech, machines, ag->scale) : 0.0;
    const DrawPass dp = {
        .ag = ag,
        .w = w,
        .key = rng_key(ap->seed),
        .month = (uint32_t)month,
        .prob = {[TECH_AI] = 1.0 - exp(-rate), [TECH_ROBOT] = 1.0 - exp(-rate * slack)},
        .energy = {.kwh = {[TECH_AI] = tech->kwh_per_dollar[TECH_AI] * ag->scale,
                           [TECH_ROBOT] = tech->kwh_per_dollar[TECH_ROBOT] * ag->scale},
                   .cap = {[TECH_AI] = tech->ai, [TECH_ROBOT] = tech->robot},
                   .beta = {[TECH_AI] = ap->ai->output_elasticity,
                            [TECH_ROBOT] = ap->robots->output_elasticity}},
        .needs = ap->gates_adoption && free_kwh > 0,
        .hold = ap->gates_adoption && !(free_kwh > 0)};
    BlockResult drawn;
    exec_pass(ex, &(Kernel){draw_kernel, &dp}, 1, &drawn);
    if (dp.hold) {
        /* the old slots already need all the energy (most months of the seed's
         * baseline): every adopter the draws chose is held back, the fleet cut
         * moot, and there is nothing to apply */
        out->energy_held_back = drawn.count[TECH_AI] + drawn.count[TECH_ROBOT];
        return SIM_OK;
    }

    /* cut 1: the fleet, and the fallback of the jobs it turns away */
    long long adopted_rb = drawn.count[TECH_ROBOT], fell = 0;
    const bool rationed = adopted_rb > free_slots;
    if (rationed) {
        SimStatus st = ration_robots(ex, &dp, free_slots, adopted_rb, month, &fell, err);
        if (st != SIM_OK)
            return st;
        out->robot_rationed = adopted_rb - free_slots;
        adopted_rb = free_slots;
    }
    out->adopted[TECH_AI] = drawn.count[TECH_AI] + fell;
    out->adopted[TECH_ROBOT] = adopted_rb;
    out->ai_fallback = drawn.count[COUNT_FALLBACK] + fell;

    /* cut 2: energy */
    if (ap->gates_adoption) {
        SimStatus st = cut_energy(ex, &dp, free_kwh, drawn.sum[0], rationed, month, out, err);
        if (st != SIM_OK)
            return st;
    }
    w->decided = true;
    return SIM_OK;
}

AutomationApply automation_apply_prepare(Agents *ag, const AutomationParams *ap,
                                         const AutomationWork *w, const Machines *machines,
                                         int month)
{
    AutomationApply a = {.ag = ag,
                         .w = w,
                         .beta = {[TECH_AI] = ap->ai->output_elasticity,
                                  [TECH_ROBOT] = ap->robots->output_elasticity},
                         .month = month,
                         .active = w->decided};
    memcpy(a.carried, machines->weight, sizeof a.carried);
    return a;
}

void automation_apply_kernel(const void *ctx, Block blk, BlockResult *out)
{
    const AutomationApply *ap = ctx;
    if (!ap->active)
        return;
    Agents *ag = ap->ag;
    const AutomationWork *w = ap->w;
    /* adopters are sparse and scattered: list them, then fetch their agents'
     * state ahead of use */
    uint32_t adopter[EXEC_BLOCK_SIZE];
    int count = 0;
    const int first = blk.begin, end = first + w->count[blk.index];
    for (int j = first; j < end; j++) {
        adopter[count] = (uint32_t)j;
        count += w->decision[j] != TECH_HUMAN;
    }
    double block_sum[TECH_COUNT][2] = {{0, 0}, {0, 0}, {0, 0}};
    long long slots[TECH_COUNT][2] = {{0, 0}, {0, 0}, {0, 0}};
    for (int t = 0; t < count; t++) {
        if (t + 8 < count) {
            const uint32_t ahead = w->agent[adopter[t + 8]];
            __builtin_prefetch(&ag->a[ahead]);
            __builtin_prefetch(&ag->theta_ai[ahead]);
            __builtin_prefetch(&ag->theta_rb[ahead]);
            __builtin_prefetch(&ag->slot[ahead], 1);
        }
        const int j = (int)adopter[t];
        const int i = (int)w->agent[j], k = w->decision[j], c = ag->job_class[i];
        const double theta = k == TECH_AI ? ag->theta_ai[i] : ag->theta_rb[i];
        block_sum[k][c] += ag->a[i] * pow(theta, -ap->beta[k]);
        slots[k][c]++;
        ag->status[i] = AGENT_JUST_DISPLACED;
        ag->lost_month[i] = ap->month;
        if (ag->slot[i] == TECH_HUMAN)
            ag->slot[i] = (uint8_t)k;
    }
    /* block 0 adds the carried W to its sum (see automation_apply_finish) */
    for (int k = TECH_AI; k < TECH_COUNT; k++)
        for (int c = 0; c < 2; c++) {
            const double carried = blk.index == 0 ? ap->carried[k][c] : 0.0;
            out->sum[result_index(k, c)] = carried + block_sum[k][c];
            out->count[result_index(k, c)] = slots[k][c];
        }
}

void automation_apply_finish(const AutomationApply *ctx, const BlockResult *total,
                             Machines *machines)
{
    if (!ctx->active)
        return;
    for (int k = TECH_AI; k < TECH_COUNT; k++)
        for (int c = 0; c < 2; c++) {
            machines->weight[k][c] = total->sum[result_index(k, c)];
            machines->slots[k][c] += total->count[result_index(k, c)];
        }
}

SimStatus automation_step(Exec *ex, Agents *ag, const AutomationParams *ap,
                          const Technology *tech, Machines *machines, AutomationWork *w,
                          int month, AutomationCounts *out, SimError *err)
{
    SimStatus st = automation_decide(ex, ag, ap, tech, machines, w, month, out, err);
    if (st != SIM_OK || !w->decided)
        return st;
    const AutomationApply apply = automation_apply_prepare(ag, ap, w, machines, month);
    BlockResult total;
    exec_pass(ex, &(Kernel){automation_apply_kernel, &apply}, 1, &total);
    automation_apply_finish(&apply, &total, machines);
    return SIM_OK;
}
