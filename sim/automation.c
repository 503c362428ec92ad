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
    w->decision = calloc((size_t)n, 1);
    w->draw = malloc((size_t)n * sizeof *w->draw);
    w->block_weight = malloc((size_t)block_count(n) * 4 * sizeof(double));
    if (!w->decision || !w->draw || !w->block_weight) {
        automation_work_destroy(w);
        return NULL;
    }
    return w;
}

void automation_work_destroy(AutomationWork *w)
{
    if (w == NULL)
        return;
    free(w->decision);
    free(w->draw);
    free(w->block_weight);
    free(w);
}

/* The technology agent i's job would go to, or -1 if neither is feasible. */
static inline int chosen_tech(const Agents *ag, int i, double ai, double robot, int robot_free)
{
    bool f_ai = ai > 0 && ai >= ag->theta_ai[i];
    bool f_rb = robot_free && robot > 0 && robot >= ag->theta_rb[i];
    if (f_ai && f_rb) /* the larger ln(C/theta), i.e. C/theta, wins; a tie goes to AI */
        return robot / ag->theta_rb[i] > ai / ag->theta_ai[i] ? TECH_ROBOT : TECH_AI;
    return f_ai ? TECH_AI : f_rb ? TECH_ROBOT : -1;
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

    /* pass 1: robot candidates, for the capacity slack s_robot */
    long long candidates = 0;
    if (robot_free) {
#pragma omp parallel for schedule(static) default(none) shared(ag, lo, hi, n, ai, robot, robot_free) reduction(+ : candidates)
        for (int b = lo; b < hi; b++)
            for (int i = block_begin(b); i < block_end(b, n); i++)
                if ((ag->status[i] & AGENT_EMPLOYED) &&
                    chosen_tech(ag, i, ai, robot, robot_free) == TECH_ROBOT)
                    candidates++;
    }
    candidates = dist_sum_count(candidates);
    out->robot_candidates = candidates;
    const double rate = p->labor.adoption_per_year / 12.0;
    const double slack = candidates > 0 ? fmin(1.0, (double)free_slots / (double)candidates) : 0.0;
    const double prob[2] = {1.0 - exp(-rate), 1.0 - exp(-rate * slack)};

    /* pass 2: draws and decisions */
    long long adopted_ai = 0, adopted_rb = 0;
#pragma omp parallel for schedule(static) default(none) shared(ag, w, lo, hi, n, ai, robot, robot_free, prob, key, month) reduction(+ : adopted_ai, adopted_rb)
    for (int b = lo; b < hi; b++) {
        for (int i = block_begin(b); i < block_end(b, n); i++) {
            w->decision[i] = 0;
            if (!(ag->status[i] & AGENT_EMPLOYED))
                continue;
            int k = chosen_tech(ag, i, ai, robot, robot_free);
            if (k < 0)
                continue;
            double u = rng_uniform_at(key, RNG_STREAM_AUTOMATION, (uint32_t)month, (uint32_t)i);
            w->draw[i] = u;
            if (u < prob[k]) {
                w->decision[i] = (uint8_t)(1 + k);
                if (k == TECH_AI)
                    adopted_ai++;
                else
                    adopted_rb++;
            }
        }
    }

    long long mine_rb = adopted_rb;
    adopted_ai = dist_sum_count(adopted_ai);
    adopted_rb = dist_sum_count(adopted_rb);
    /* the fleet is full: keep the robot adopters with the smallest draws */
    if (adopted_rb > free_slots) {
        /* rare (expected adopters are at most adoption/12 of the free slots), so
         * the list is allocated only when it happens */
        Candidate *c = malloc((size_t)adopted_rb * sizeof *c);
        double *mine_u = malloc((size_t)(mine_rb + 1) * sizeof *mine_u);
        double *all_u = malloc((size_t)adopted_rb * sizeof *all_u);
        int *mine_i = malloc((size_t)(mine_rb + 1) * sizeof *mine_i);
        int *all_i = malloc((size_t)adopted_rb * sizeof *all_i);
        if (!c || !mine_u || !all_u || !mine_i || !all_i) {
            free(c);
            free(mine_u);
            free(all_u);
            free(mine_i);
            free(all_i);
            return sim_fail(err, SIM_ERR_MEMORY,
                            "month %d: out of memory rationing %lld robot adopters", month, adopted_rb);
        }
        long long m = 0;
        for (int i = block_begin(lo); lo < hi && i < block_end(hi - 1, n); i++)
            if (w->decision[i] == 1 + TECH_ROBOT) {
                mine_u[m] = w->draw[i];
                mine_i[m++] = i;
            }
        m = dist_gather_pairs(mine_u, mine_i, m, all_u, all_i, adopted_rb);
        for (long long j = 0; j < m; j++)
            c[j] = (Candidate){all_u[j], all_i[j]};
        qsort(c, (size_t)m, sizeof *c, by_draw_then_agent);
        for (long long j = free_slots; j < m; j++)
            if (c[j].i >= block_begin(lo) && c[j].i < block_end(hi - 1, n))
                w->decision[c[j].i] = 0;
        free(c);
        free(mine_u);
        free(all_u);
        free(mine_i);
        free(all_i);
        out->robot_rationed = adopted_rb - free_slots;
        adopted_rb = free_slots;
    }
    out->adopted[TECH_AI] = adopted_ai;
    out->adopted[TECH_ROBOT] = adopted_rb;

    /* pass 3: apply; a theta^-beta summed per block, blocks added in order */
    const double beta[2] = {p->ai.output_elasticity, p->robots.output_elasticity};
    long long slots[2][2] = {{0, 0}, {0, 0}};
#pragma omp parallel for schedule(static) default(none) shared(ag, w, lo, hi, n, beta) reduction(+ : slots[:2][:2])
    for (int b = lo; b < hi; b++) {
        double sum[4] = {0, 0, 0, 0};
        for (int i = block_begin(b); i < block_end(b, n); i++) {
            if (w->decision[i] == 0)
                continue;
            int k = w->decision[i] - 1, c = ag->job_class[i];
            double theta = k == TECH_AI ? ag->theta_ai[i] : ag->theta_rb[i];
            sum[2 * k + c] += ag->a[i] * pow(theta, -beta[k]);
            slots[k][c]++;
            ag->status[i] = AGENT_JUST_DISPLACED;
            if (ag->slot[i] == SLOT_HUMAN)
                ag->slot[i] = (uint8_t)(k == TECH_AI ? SLOT_AI : SLOT_ROBOT);
        }
        memcpy(&w->block_weight[4 * b], sum, sizeof sum);
    }
    dist_share_block_sums(w->block_weight, 4, blocks);
    dist_sum_counts(&slots[0][0], 4);
    for (int b = 0; b < blocks; b++)
        for (int j = 0; j < 4; j++)
            machines->weight[j / 2][j % 2] += w->block_weight[4 * b + j];
    for (int k = 0; k < 2; k++)
        for (int c = 0; c < 2; c++)
            machines->slots[k][c] += slots[k][c];
    return SIM_OK;
}
