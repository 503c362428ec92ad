/* production.c - Output of human jobs and machine slots (MODEL.md 4 step 4). */
#include "production.h"

#include <math.h>
#include <string.h>

#include "distributed.h"
#include "parallel.h"

void production_compute(const Agents *ag, const Params *p, const Technology *tech,
                        const Machines *machines, double *block_sums, Production *out)
{
    const int n = ag->n, blocks = block_count(n), lo = ag->block_lo, hi = ag->block_hi;
    const uint8_t *restrict status = ag->status, *restrict job_class = ag->job_class;
    const double *restrict a = ag->a;
    long long emp_white = 0, emp_blue = 0;
#pragma omp parallel for schedule(static) default(none) shared(status, job_class, a, lo, hi, n, block_sums) reduction(+ : emp_white, emp_blue)
    for (int b = lo; b < hi; b++) {
        double s = 0;
        for (int i = block_begin(b); i < block_end(b, n); i++) {
            /* branch-free, as employment is random across agents: a x 1 = a and
             * a x 0 = +0.0 for a >= 0, and adding +0.0 leaves the sum's bits as
             * skipping would */
            const int e = status[i] & AGENT_EMPLOYED;
            s += a[i] * (double)e;
            emp_white += e & (job_class[i] == CLASS_WHITE);
            emp_blue += e & (job_class[i] != CLASS_WHITE);
        }
        block_sums[b] = s;
    }
    dist_share_block_sums(block_sums, 1, blocks);
    long long employed[2] = {emp_white, emp_blue};
    dist_sum_counts(employed, 2);
    emp_white = employed[0];
    emp_blue = employed[1];
    double sum_a = 0;
    for (int b = 0; b < blocks; b++)
        sum_a += block_sums[b];

    memset(out, 0, sizeof *out);
    out->employed[CLASS_WHITE] = emp_white;
    out->employed[CLASS_BLUE] = emp_blue;
    out->human_base = ag->scale * sum_a;
    out->human = out->human_base * pow(1.0 + p->economy.productivity_growth_per_year, tech->years);

    /* Q_m* = scale sum_k C_k^beta_k sum_slots a theta^-beta_k; machine output does
     * not follow the productivity trend (MODEL.md 4c) */
    const double cap_ai = tech->ai > 0 ? pow(tech->ai, p->ai.output_elasticity) : 0.0;
    const double cap_rb = tech->robot > 0 ? pow(tech->robot, p->robots.output_elasticity) : 0.0;
    double wanted_class[2];
    for (int c = 0; c < 2; c++)
        wanted_class[c] = ag->scale * (cap_ai * machines->weight[TECH_AI][c] +
                                       cap_rb * machines->weight[TECH_ROBOT][c]);
    out->machine_wanted = wanted_class[0] + wanted_class[1];
    double factor = 1.0;
    if (out->machine_wanted > tech->machine_cap) {
        out->cap_binding = true;
        factor = tech->machine_cap / out->machine_wanted;
        out->machine = tech->machine_cap;
    } else {
        out->machine = out->machine_wanted;
    }
    for (int c = 0; c < 2; c++)
        out->machine_class[c] = wanted_class[c] * factor;
    out->output = out->human + out->machine;
}
