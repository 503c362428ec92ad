/* test_production.c - Output of human jobs and machine slots, and the energy
 * cap (MODEL.md 4 step 4), on hand-made agents and parameter groups. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "production.h"
#include "test.h"

enum { N = EXEC_BLOCK_SIZE + 6 }; /* two blocks, the second of six agents */

/* Agents 0..N-1 with a_i = 1 + (i mod 4) (so sum a over a block is exact);
 * even agents employed, white collar below N/2, blue from N/2 on. */
static Agents *make_agents(void)
{
    Agents *ag = calloc(1, sizeof *ag);
    ag->n = N;
    ag->scale = 2.0;
    ag->status = malloc(N);
    ag->job_class = malloc(N);
    ag->a = malloc(N * sizeof(double));
    for (int i = 0; i < N; i++) {
        ag->status[i] = i % 2 == 0 ? AGENT_EMPLOYED : (i % 4 == 1 ? AGENT_JUST_DISPLACED : 0);
        ag->job_class[i] = i < N / 2 ? CLASS_WHITE : CLASS_BLUE;
        ag->a[i] = 1.0 + (i % 4);
    }
    return ag;
}

static void free_agents(Agents *ag)
{
    free(ag->status);
    free(ag->job_class);
    free(ag->a);
    free(ag);
}

static int run(const Agents *ag, const EconomyParams *eco, const AiParams *ai,
               const RobotParams *rb, const Technology *tech, const Machines *mach, Production *out)
{
    const BlockPlan plan = exec_plan_local(ag->n);
    Exec *ex = exec_create(&plan);
    if (ex == NULL)
        return 1;
    const ProductionPass pass = {.ag = ag};
    const Kernel k = production_kernel(&pass);
    BlockResult total;
    exec_pass(ex, &k, 1, &total);
    production_output(&total, ag->scale, eco, ai, rb, tech, mach, out);
    exec_destroy(ex);
    return 0;
}

/* Q_h = scale (1+q)^years sum over employed a. Employed are the 2051 even
 * agents 0, 2, ..., 4100, whose a is 1 (i = 0 mod 4: 1026 of them) or 3 (1025):
 * sum a = 1026 + 3075 = 4101, exact in any order; the displaced (odd agents,
 * just displaced or seeking) add nothing. */
static int human_output_should_sum_employed_output_with_the_trend(void)
{
    Agents *ag = make_agents();
    double sum_a = 0;
    long long white = 0, blue = 0;
    for (int i = 0; i < N; i += 2) {
        sum_a += ag->a[i];
        white += i < N / 2;
        blue += i >= N / 2;
    }
    CHECK(sum_a == 1026 * 1.0 + 1025 * 3.0);
    const EconomyParams eco = {.productivity_growth_per_year = 0.02};
    const AiParams ai = {.output_elasticity = 0.5};
    const RobotParams rb = {.output_elasticity = 0.3};
    const Technology tech = {.years = 2.5, .energy_kwh = 1e9, .kwh_per_dollar = {0, 1, 1}};
    Machines mach;
    memset(&mach, 0, sizeof mach);
    Production prod;
    CHECK(run(ag, &eco, &ai, &rb, &tech, &mach, &prod) == 0);
    CHECK(prod.employed[CLASS_WHITE] == white && prod.employed[CLASS_BLUE] == blue);
    CHECK(prod.employed[CLASS_WHITE] + prod.employed[CLASS_BLUE] == 2051);
    CHECK(prod.human_base == 2.0 * 4101.0);
    CHECK_REL(prod.trend, pow(1.02, 2.5), 1e-15);
    CHECK_REL(prod.human, 2.0 * 4101.0 * pow(1.02, 2.5), 1e-15);
    /* no machines (capabilities 0): output is human output alone */
    CHECK(prod.machine_wanted == 0.0 && prod.machine == 0.0 && !prod.cap_binding);
    CHECK(prod.output == prod.human);
    free_agents(ag);
    return 0;
}

/* Q_m* = scale sum_k C_k^beta_k W_k by class. A = 4, beta_ai = 0.5: C^beta = 2;
 * R = 8, beta_rb = 1/3: C^beta = 2 (to rounding). Weights (sums of a
 * theta^-beta): AI white 10, AI blue 5, robot white 0, robot blue 20. Wanted:
 * white 2 (2 * 10) = 40, blue 2 (2 * 5 + 2 * 20) = 100, total 140. */
static int machine_output_should_follow_capability_and_the_cap(void)
{
    Agents *ag = make_agents();
    const EconomyParams eco = {.productivity_growth_per_year = 0.0};
    const AiParams ai = {.output_elasticity = 0.5};
    const RobotParams rb = {.output_elasticity = 1.0 / 3.0};
    Machines mach;
    memset(&mach, 0, sizeof mach);
    mach.weight[TECH_AI][CLASS_WHITE] = 10;
    mach.weight[TECH_AI][CLASS_BLUE] = 5;
    mach.weight[TECH_ROBOT][CLASS_BLUE] = 20;
    /* kappa_ai = 2, kappa_robot = 0.5: AI wants scale 2 (10 + 5) = 60 $, robots
     * 2 * 2 * 20 = 80 $, so N_E = 2 * 60 + 0.5 * 80 = 160 kWh */
    Technology tech = {.years = 1, .ai = 4, .robot = 8, .energy_kwh = 1e6,
                       .kwh_per_dollar = {0, 2.0, 0.5}};
    Production prod;
    CHECK(run(ag, &eco, &ai, &rb, &tech, &mach, &prod) == 0);
    CHECK_REL(prod.machine_wanted, 140.0, 1e-14);
    CHECK(!prod.cap_binding && prod.machine == prod.machine_wanted && prod.energy_scale == 1.0);
    CHECK_REL(prod.energy_wanted, 160.0, 1e-14);
    CHECK_REL(prod.machine_tech[TECH_AI], 60.0, 1e-14);
    CHECK_REL(prod.machine_tech[TECH_ROBOT], 80.0, 1e-14);
    CHECK_REL(prod.machine_class[CLASS_WHITE], 40.0, 1e-14);
    CHECK_REL(prod.machine_class[CLASS_BLUE], 100.0, 1e-14);
    CHECK(prod.output == prod.human + prod.machine);

    /* the cap binds at E-hat = 80 kWh: every slot scaled by f = 80 / 160 = 1/2, so
     * each class keeps its share (20 and 50) and the machines use E-hat exactly */
    tech.energy_kwh = 80;
    CHECK(run(ag, &eco, &ai, &rb, &tech, &mach, &prod) == 0);
    CHECK(prod.cap_binding && prod.energy_scale == 0.5);
    CHECK_REL(prod.machine, 70.0, 1e-14);
    CHECK_REL(2.0 * prod.machine_tech[TECH_AI] + 0.5 * prod.machine_tech[TECH_ROBOT], 80.0, 1e-14);
    CHECK_REL(prod.machine_class[CLASS_WHITE], 20.0, 1e-14);
    CHECK_REL(prod.machine_class[CLASS_BLUE], 50.0, 1e-14);
    CHECK_REL(prod.output, prod.human + 70.0, 1e-15);

    /* a technology at capability 0 (disabled, or robots not started) adds nothing */
    tech = (Technology){.years = 1, .ai = 0, .robot = 8, .energy_kwh = 1e6,
                        .kwh_per_dollar = {0, 2.0, 0.5}};
    CHECK(run(ag, &eco, &ai, &rb, &tech, &mach, &prod) == 0);
    CHECK_REL(prod.machine_wanted, 2.0 * 2.0 * 20.0, 1e-14);
    CHECK(prod.machine_class[CLASS_WHITE] == 0.0);
    free_agents(ag);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(human_output_should_sum_employed_output_with_the_trend, failures);
    RUN(machine_output_should_follow_capability_and_the_cap, failures);
    return failures != 0;
}
