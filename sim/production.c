/* production.c - Output of human jobs and machine slots (MODEL.md 4 step 4). */
#include "production.h"

#include <math.h>
#include <string.h>

static void production_block(const void *ctx, Block blk, BlockResult *out)
{
    const Agents *ag = ctx;
    const uint8_t *restrict status = ag->status, *restrict job_class = ag->job_class;
    const double *restrict a = ag->a;
    double s = 0;
    long long emp_white = 0, emp_blue = 0;
    for (int i = blk.begin; i < blk.end; i++) {
        /* branch-free, as employment is random across agents: a x 1 = a and
         * a x 0 = +0.0 for a >= 0, and adding +0.0 leaves the sum's bits as
         * skipping would */
        const int e = status[i] & AGENT_EMPLOYED;
        s += a[i] * (double)e;
        emp_white += e & (job_class[i] == CLASS_WHITE);
        emp_blue += e & (job_class[i] != CLASS_WHITE);
    }
    out->sum[0] = s;
    out->count[CLASS_WHITE] = emp_white;
    out->count[CLASS_BLUE] = emp_blue;
}

Kernel production_kernel(const Agents *ag) { return (Kernel){production_block, ag}; }

void production_output(const BlockResult *totals, double scale, const EconomyParams *economy,
                       const AiParams *ai, const RobotParams *robots, const Technology *tech,
                       const Machines *machines, Production *out)
{
    memset(out, 0, sizeof *out);
    out->employed[CLASS_WHITE] = totals->count[CLASS_WHITE];
    out->employed[CLASS_BLUE] = totals->count[CLASS_BLUE];
    out->trend = pow(1.0 + economy->productivity_growth_per_year, tech->years);
    out->human_base = scale * totals->sum[0];
    out->human = out->human_base * out->trend;

    /* Q_m* = scale sum_k C_k^beta_k sum_slots a theta^-beta_k; machine output does
     * not follow the productivity trend (MODEL.md 4c) */
    const double cap_ai = tech->ai > 0 ? pow(tech->ai, ai->output_elasticity) : 0.0;
    const double cap_rb = tech->robot > 0 ? pow(tech->robot, robots->output_elasticity) : 0.0;
    double wanted_class[2];
    for (int c = 0; c < 2; c++)
        wanted_class[c] = scale * (cap_ai * machines->weight[TECH_AI][c] +
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
