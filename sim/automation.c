/* automation.c - Adoption of AI and robots on feasible jobs (MODEL.md 4 step 2). */
#include "automation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

AutomationWork *automation_work_create(int n)
{
    AutomationWork *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->n = n;
    const size_t agents = (size_t)(n > 0 ? n : 1);
    w->agent = malloc(agents * sizeof *w->agent);
    w->target = malloc(agents);
    w->decision = malloc(agents);
    w->draw = malloc(agents * sizeof *w->draw);
    const int blocks = exec_block_count(n);
    w->count = calloc((size_t)(blocks > 0 ? blocks : 1), sizeof *w->count);
    if (!w->agent || !w->target || !w->decision || !w->draw || !w->count) {
        automation_work_destroy(w);
        return NULL;
    }
    return w;
}

void automation_work_destroy(AutomationWork *w)
{
    if (w == NULL)
        return;
    free(w->agent);
    free(w->target);
    free(w->decision);
    free(w->draw);
    free(w->count);
    free(w);
}

/* Index of (technology, class) in a BlockResult: 2..5 for the machines. */
static inline int result_index(int k, int c) { return 2 * k + c; }

/* Writes code[i] = the Tech agent i's job would go to, or TECH_HUMAN if the
 * agent is not employed or neither technology is feasible, for i in [lo, hi).
 * When both are feasible the larger ln(C/theta), i.e. C/theta, wins; a tie goes
 * to AI. Feasibility is random across agents, so this is written without
 * branches, one lane per agent (vectorised; AVX2 where the CPU has it). ai_on /
 * robot_on: capability > 0 (and free fleet slots, for robots). */
__attribute__((target_clones("avx2", "default"))) static void
feasible(const uint8_t *restrict status, const double *restrict theta_ai,
         const double *restrict theta_rb, int lo, int hi, double ai, double robot, bool ai_on,
         bool robot_on, uint8_t *restrict code)
{
    for (int i = lo; i < hi; i++) {
        const double t_ai = theta_ai[i], t_rb = theta_rb[i];
        const int f_ai = ai_on & (ai >= t_ai);
        const int f_rb = robot_on & (robot >= t_rb);
        const int rb = f_rb & (!f_ai | (robot / t_rb > ai / t_ai));
        /* TECH_AI = 1, TECH_ROBOT = 2 */
        code[i] = (uint8_t)((status[i] & AGENT_EMPLOYED) * ((f_ai | f_rb) + rb));
    }
}

typedef struct CandidatePass {
    const Agents *ag;
    AutomationWork *w;
    double ai, robot; /* capabilities A, R [-] */
    bool ai_on, robot_on;
} CandidatePass;

/* Kernel: the block's candidates and the technology each would adopt, compacted
 * to the block's start of w; count[0] = its robot candidates. */
static void candidate_kernel(const void *ctx, Block blk, BlockResult *out)
{
    const CandidatePass *cp = ctx;
    const Agents *ag = cp->ag;
    AutomationWork *w = cp->w;
    feasible(ag->status, ag->theta_ai, ag->theta_rb, blk.begin, blk.end, cp->ai, cp->robot,
             cp->ai_on, cp->robot_on, w->target);
    /* compact in place: candidate c <= agent i, so target[i] is read first */
    uint32_t *restrict agent = w->agent;
    uint8_t *restrict target = w->target;
    long long robots = 0;
    int c = blk.begin;
    for (int i = blk.begin; i < blk.end; i++) {
        const int k = target[i];
        agent[c] = (uint32_t)i; /* kept only if k is a machine */
        target[c] = (uint8_t)k;
        c += k != TECH_HUMAN;
        robots += k == TECH_ROBOT;
    }
    w->count[blk.index] = c - blk.begin;
    out->count[0] = robots;
}

typedef struct DrawPass {
    AutomationWork *w;
    RngKey key;
    uint32_t month;
    double prob[TECH_COUNT]; /* adoption probability by Tech [-] */
} DrawPass;

/* Kernel: the block's adoption draws and decisions; count[k] = adopters of
 * Tech k. */
static void draw_kernel(const void *ctx, Block blk, BlockResult *out)
{
    const DrawPass *dp = ctx;
    AutomationWork *w = dp->w;
    const int first = blk.begin, end = first + w->count[blk.index];
    rng_uniforms(dp->key, RNG_STREAM_AUTOMATION, dp->month, w->agent + first, end - first,
                 w->draw + first);
    long long adopted_ai = 0, adopted_rb = 0;
    for (int j = first; j < end; j++) {
        const int k = w->target[j];
        const bool adopt = w->draw[j] < dp->prob[k];
        w->decision[j] = (uint8_t)(adopt ? k : TECH_HUMAN);
        adopted_ai += adopt && k == TECH_AI;
        adopted_rb += adopt && k == TECH_ROBOT;
    }
    out->count[TECH_AI] = adopted_ai;
    out->count[TECH_ROBOT] = adopted_rb;
}

typedef struct Candidate {
    double u;
    int i;
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

/* The fleet is full: keeps the robot adopters (over all ranks) with the
 * smallest draws, ties to the lower agent, and turns the rest away. A global
 * step between two passes: it lists this process's adopters from its blocks'
 * candidates in w, and one exec_gather_pairs puts every rank's together. */
static SimStatus ration_robots(Exec *ex, AutomationWork *w, long long free_slots, long long all,
                               int month, SimError *err)
{
    const BlockPlan *plan = exec_block_plan(ex);
    int first, end;
    exec_agent_range(plan, &first, &end);
    long long mine = 0;
    for (int b = plan->lo; b < plan->hi; b++)
        for (int j = exec_block_begin(b); j < exec_block_begin(b) + w->count[b]; j++)
            mine += w->decision[j] == TECH_ROBOT;
    /* rare (expected adopters are at most adoption/12 of the free slots), so the
     * lists are allocated only when it happens */
    Candidate *c = malloc((size_t)all * sizeof *c);
    double *mine_u = malloc((size_t)(mine + 1) * sizeof *mine_u);
    double *all_u = malloc((size_t)all * sizeof *all_u);
    int *mine_i = malloc((size_t)(mine + 1) * sizeof *mine_i);
    int *all_i = malloc((size_t)all * sizeof *all_i);
    SimStatus st = SIM_OK;
    if (!c || !mine_u || !all_u || !mine_i || !all_i) {
        st = sim_fail(err, SIM_ERR_MEMORY, "month %d: out of memory rationing %lld robot adopters",
                      month, all);
        goto done;
    }
    long long m = 0;
    for (int b = plan->lo; b < plan->hi; b++)
        for (int j = exec_block_begin(b); j < exec_block_begin(b) + w->count[b]; j++)
            if (w->decision[j] == TECH_ROBOT) {
                mine_u[m] = w->draw[j];
                mine_i[m++] = (int)w->agent[j];
            }
    m = exec_gather_pairs(ex, mine_u, mine_i, m, all_u, all_i, all);
    for (long long j = 0; j < m; j++)
        c[j] = (Candidate){all_u[j], all_i[j]};
    qsort(c, (size_t)m, sizeof *c, by_draw_then_agent);
    for (long long j = free_slots; j < m; j++)
        if (c[j].i >= first && c[j].i < end)
            w->decision[candidate_of(w, c[j].i / EXEC_BLOCK_SIZE, c[j].i)] = TECH_HUMAN;
done:
    free(c);
    free(mine_u);
    free(all_u);
    free(mine_i);
    free(all_i);
    return st;
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
                              .robot_on = free_slots > 0 && tech->robot > 0};
    BlockResult found;
    exec_pass(ex, &(Kernel){candidate_kernel, &cp}, 1, &found);
    const long long candidates = found.count[0];
    out->robot_candidates = candidates;

    /* draws and decisions */
    const double rate = ap->adoption_per_year / 12.0;
    const double slack = candidates > 0 ? fmin(1.0, (double)free_slots / (double)candidates) : 0.0;
    const DrawPass dp = {.w = w,
                         .key = rng_key(ap->seed),
                         .month = (uint32_t)month,
                         .prob = {[TECH_AI] = 1.0 - exp(-rate),
                                  [TECH_ROBOT] = 1.0 - exp(-rate * slack)}};
    BlockResult drawn;
    exec_pass(ex, &(Kernel){draw_kernel, &dp}, 1, &drawn);
    long long adopted_rb = drawn.count[TECH_ROBOT];
    if (adopted_rb > free_slots) {
        SimStatus st = ration_robots(ex, w, free_slots, adopted_rb, month, err);
        if (st != SIM_OK)
            return st;
        out->robot_rationed = adopted_rb - free_slots;
        adopted_rb = free_slots;
    }
    out->adopted[TECH_AI] = drawn.count[TECH_AI];
    out->adopted[TECH_ROBOT] = adopted_rb;
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
