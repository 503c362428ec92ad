/* automation.c - Adoption of AI and robots on feasible jobs (MODEL.md 4 step 2). */
#include "automation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "distributed.h"
#include "parallel.h"
#include "rng.h"

AutomationWork *automation_work_create(int n)
{
    AutomationWork *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->n = n;
    w->agent = malloc((size_t)n * sizeof *w->agent);
    w->tech = malloc((size_t)n);
    w->decision = malloc((size_t)n);
    w->draw = malloc((size_t)n * sizeof *w->draw);
    w->count = calloc((size_t)block_count(n), sizeof *w->count);
    w->block_weight = malloc((size_t)block_count(n) * 4 * sizeof(double));
    if (!w->agent || !w->tech || !w->decision || !w->draw || !w->count || !w->block_weight) {
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
    free(w->tech);
    free(w->decision);
    free(w->draw);
    free(w->count);
    free(w->block_weight);
    free(w);
}

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
    const uint32_t *first = w->agent + block_begin(b);
    int lo = 0, hi = w->count[b] - 1;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (first[mid] < (uint32_t)i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return block_begin(b) + lo;
}

/* The fleet is full: keeps the robot adopters (over all ranks) with the
 * smallest draws, ties to the lower agent, and turns the rest away. */
static SimStatus ration_robots(const Agents *ag, AutomationWork *w, long long free_slots,
                               long long mine, long long all, int month, SimError *err)
{
    const int n = ag->n, lo = ag->block_lo, hi = ag->block_hi;
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
    for (int b = lo; b < hi; b++)
        for (int j = block_begin(b); j < block_begin(b) + w->count[b]; j++)
            if (w->decision[j] == TECH_ROBOT) {
                mine_u[m] = w->draw[j];
                mine_i[m++] = (int)w->agent[j];
            }
    m = dist_gather_pairs(mine_u, mine_i, m, all_u, all_i, all);
    for (long long j = 0; j < m; j++)
        c[j] = (Candidate){all_u[j], all_i[j]};
    qsort(c, (size_t)m, sizeof *c, by_draw_then_agent);
    for (long long j = free_slots; j < m; j++) {
        const int b = c[j].i / SIM_BLOCK_SIZE;
        if (b >= lo && b < hi && c[j].i < n)
            w->decision[candidate_of(w, b, c[j].i)] = 0;
    }
done:
    free(c);
    free(mine_u);
    free(all_u);
    free(mine_i);
    free(all_i);
    return st;
}

SimStatus automation_step(Agents *ag, const Params *p, const Technology *tech, Machines *machines,
                          AutomationWork *w, int month, AutomationCounts *out, SimError *err)
{
    const int n = ag->n, blocks = block_count(n), lo = ag->block_lo, hi = ag->block_hi;
    const double ai = tech->ai, robot = tech->robot;
    const long long used = machines->slots[TECH_ROBOT][CLASS_WHITE] +
                           machines->slots[TECH_ROBOT][CLASS_BLUE];
    const long long free_slots = tech->fleet_slots > used ? tech->fleet_slots - used : 0;
    const int robot_free = free_slots > 0;
    const RngKey key = rng_key(p->run.seed);
    memset(out, 0, sizeof *out);
    if (ai <= 0 && !robot_free)
        return SIM_OK;

    /* pass 1: candidates and the technology each would adopt; robot candidates
     * give the capacity slack s_robot */
    const bool ai_on = ai > 0, robot_on = robot_free && robot > 0;
    long long candidates = 0;
#pragma omp parallel for schedule(static) default(none) shared(ag, w, lo, hi, n, ai, robot, ai_on, robot_on) reduction(+ : candidates)
    for (int b = lo; b < hi; b++) {
        const int first = block_begin(b), end = block_end(b, n);
        feasible(ag->status, ag->theta_ai, ag->theta_rb, first, end, ai, robot, ai_on, robot_on,
                 w->tech);
        /* compact in place: candidate c <= agent i, so tech[i] is read first */
        uint32_t *restrict agent = w->agent;
        uint8_t *restrict tech = w->tech;
        int c = first;
        for (int i = first; i < end; i++) {
            const int k = tech[i];
            agent[c] = (uint32_t)i; /* kept only if k is a machine */
            tech[c] = (uint8_t)k;
            c += k != TECH_HUMAN;
            candidates += k == TECH_ROBOT;
        }
        w->count[b] = c - first;
    }
    candidates = dist_sum_count(candidates);
    out->robot_candidates = candidates;
    const double rate = p->labor.adoption_per_year / 12.0;
    const double slack = candidates > 0 ? fmin(1.0, (double)free_slots / (double)candidates) : 0.0;
    const double prob[TECH_COUNT] = {[TECH_AI] = 1.0 - exp(-rate), [TECH_ROBOT] = 1.0 - exp(-rate * slack)};

    /* pass 2: draws and decisions */
    long long adopted_ai = 0, adopted_rb = 0;
#pragma omp parallel for schedule(static) default(none) shared(w, lo, hi, prob, key, month) reduction(+ : adopted_ai, adopted_rb)
    for (int b = lo; b < hi; b++) {
        const int first = block_begin(b), end = first + w->count[b];
        rng_uniforms(key, RNG_STREAM_AUTOMATION, (uint32_t)month, w->agent + first, w->count[b],
                     w->draw + first);
        for (int j = first; j < end; j++) {
            const int k = w->tech[j];
            const bool adopt = w->draw[j] < prob[k];
            w->decision[j] = (uint8_t)(adopt ? k : TECH_HUMAN);
            adopted_ai += adopt && k == TECH_AI;
            adopted_rb += adopt && k == TECH_ROBOT;
        }
    }

    const long long mine_rb = adopted_rb;
    adopted_ai = dist_sum_count(adopted_ai);
    adopted_rb = dist_sum_count(adopted_rb);
    if (adopted_rb > free_slots) {
        SimStatus st = ration_robots(ag, w, free_slots, mine_rb, adopted_rb, month, err);
        if (st != SIM_OK)
            return st;
        out->robot_rationed = adopted_rb - free_slots;
        adopted_rb = free_slots;
    }
    out->adopted[TECH_AI] = adopted_ai;
    out->adopted[TECH_ROBOT] = adopted_rb;

    /* pass 3: apply; a theta^-beta summed per block in agent order, blocks added
     * in order */
    const double beta[TECH_COUNT] = {[TECH_AI] = p->ai.output_elasticity, [TECH_ROBOT] = p->robots.output_elasticity};
    long long slots[TECH_COUNT][2] = {{0, 0}, {0, 0}, {0, 0}};
#pragma omp parallel for schedule(static) default(none) shared(ag, w, lo, hi, beta) reduction(+ : slots[:TECH_COUNT][:2])
    for (int b = lo; b < hi; b++) {
        /* adopters are sparse and scattered: list them, then fetch their agents'
         * state ahead of use */
        uint32_t adopter[SIM_BLOCK_SIZE];
        int count = 0;
        for (int j = block_begin(b); j < block_begin(b) + w->count[b]; j++) {
            adopter[count] = (uint32_t)j;
            count += w->decision[j] != TECH_HUMAN;
        }
        double sum[4] = {0, 0, 0, 0};
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
            sum[2 * (k - TECH_AI) + c] += ag->a[i] * pow(theta, -beta[k]);
            slots[k][c]++;
            ag->status[i] = AGENT_JUST_DISPLACED;
            if (ag->slot[i] == TECH_HUMAN)
                ag->slot[i] = (uint8_t)k;
        }
        memcpy(&w->block_weight[4 * b], sum, sizeof sum);
    }
    dist_share_block_sums(w->block_weight, 4, blocks);
    dist_sum_counts(&slots[0][0], 2 * TECH_COUNT);
    for (int b = 0; b < blocks; b++)
        for (int j = 0; j < 4; j++)
            machines->weight[TECH_AI + j / 2][j % 2] += w->block_weight[4 * b + j];
    for (int k = TECH_AI; k < TECH_COUNT; k++)
        for (int c = 0; c < 2; c++)
            machines->slots[k][c] += slots[k][c];
    return SIM_OK;
}
