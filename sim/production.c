/* production.c - Output of human jobs and machine slots (MODEL.md 4 step 4). */
#include "production.h"

#include <math.h>
#include <string.h>

#include "incomes.h"

static void production_block(const void *ctx, Block blk, BlockResult *out)
{
    const ProductionPass *pp = ctx;
    const Agents *ag = pp->ag;
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
    if (pp->ui_months > 0) {
        const int32_t *restrict lost = ag->lost_month;
        double claims = 0;
        for (int i = blk.begin; i < blk.end; i++)
            claims += a[i] * (double)incomes_claims_ui(status[i] & AGENT_EMPLOYED, lost[i],
                                                       pp->month, pp->ui_months);
        out->sum[1] = claims;
    }
}

Kernel production_kernel(const ProductionPass *pass) { return (Kernel){production_block, pass}; }

void production_output(const BlockResult *totals, double scale, const EconomyParams *economy,
                       const AiParams *ai, const RobotParams *robots, const Technology *tech,
                       const Machines *machines, Production *out)
{
    memset(out, 0, sizeof *out);
    out->employed[CLASS_WHITE] = totals->count[CLASS_WHITE];
    out->employed[CLASS_BLUE] = totals->count[CLASS_BLUE];
    out->trend = pow(1.0 + economy->productivity_growth_per_year, tech->years);
    out->human_base = scale * totals->sum[0];
    out->claim_base = scale * totals->sum[1];
    out->human = out->human_base * out->trend;

    /* Q*_k = scale C_k^beta_k sum_slots a theta^-beta_k; machine output does
     * not follow the productivity trend (MODEL.md 4c) */
    const double cap[TECH_COUNT] = {
        [TECH_AI] = tech->ai > 0 ? pow(tech->ai, ai->output_elasticity) : 0.0,
        [TECH_ROBOT] = tech->robot > 0 ? pow(tech->robot, robots->output_elasticity) : 0.0};
    double wanted_class[2] = {0, 0};
    for (int k = TECH_AI; k < TECH_COUNT; k++) {
        double w = 0;
        for (int c = 0; c < 2; c++) {
            const double q = scale * cap[k] * machines->weight[k][c];
            wanted_class[c] += q;
            w += q;
        }
        out->machine_wanted_tech[k] = w;
        out->energy_wanted += tech->kwh_per_dollar[k] * w;
    }
    out->machine_wanted = wanted_class[0] + wanted_class[1];
    out->energy_scale = 1.0;
    if (out->energy_wanted > tech->energy_kwh) {
        out->cap_binding = true;
        out->energy_scale = tech->energy_kwh / out->energy_wanted;
    }
    const double f = out->energy_scale;
    out->machine = f * out->machine_wanted;
    for (int k = TECH_AI; k < TECH_COUNT; k++)
        out->machine_tech[k] = f * out->machine_wanted_tech[k];
    for (int c = 0; c < 2; c++)
        out->machine_class[c] = f * wanted_class[c];
    out->output = out->human + out->machine;
}
