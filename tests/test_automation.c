/* test_automation.c - Adoption of AI and robots (MODEL.md 4 step 2, 4c) on
 * hand-built agents and parameters, over plans of one to three blocks. */
#include <stdlib.h>
#include <string.h>

#include "automation.h"
#include "labour.h"
#include "rng.h"
#include "test.h"

/* Hand-made agents: every agent employed at a = 1 in a white-collar human job,
 * thresholds 1e9 (nothing feasible) until a test sets them. */
typedef struct Town {
    Agents ag;
    uint8_t *status, *slot, *job_class;
    double *a, *theta_ai, *theta_rb, *viab;
    int32_t *lost_month;
} Town;

static Town *town_create(int n)
{
    Town *t = calloc(1, sizeof *t);
    t->status = malloc((size_t)n);
    t->slot = calloc((size_t)n, 1);
    t->job_class = calloc((size_t)n, 1);
    t->a = malloc((size_t)n * sizeof(double));
    t->theta_ai = malloc((size_t)n * sizeof(double));
    t->theta_rb = malloc((size_t)n * sizeof(double));
    t->viab = malloc((size_t)n * sizeof(double));
    t->lost_month = malloc((size_t)n * sizeof(int32_t));
    for (int i = 0; i < n; i++) {
        t->status[i] = AGENT_EMPLOYED;
        t->a[i] = 1.0;
        t->theta_ai[i] = t->theta_rb[i] = 1e9;
        t->viab[i] = 1.0;
        t->lost_month[i] = -1;
    }
    t->ag = (Agents){.n = n,
                     .status = t->status,
                     .slot = t->slot,
                     .job_class = t->job_class,
                     .a = t->a,
                     .theta_ai = t->theta_ai,
                     .theta_rb = t->theta_rb,
                     .viab = t->viab,
                     .lost_month = t->lost_month};
    return t;
}

static void town_destroy(Town *t)
{
    free(t->status);
    free(t->slot);
    free(t->job_class);
    free(t->a);
    free(t->theta_ai);
    free(t->theta_rb);
    free(t->viab);
    free(t->lost_month);
    free(t);
}

static const AiParams ai_params = {.output_elasticity = 0.5};
static const RobotParams robot_params = {.output_elasticity = 0.7};

/* adoption 1200/year: 1 - exp(-100) rounds to exactly 1, so every candidate
 * adopts (uniforms are < 1) */
static AutomationParams params_with_adoption(double per_year)
{
    return (AutomationParams){.ai = &ai_params,
                              .robots = &robot_params,
                              .adoption_per_year = per_year,
                              .seed = 20261201};
}

/* A = 2, R = 3, `slots` robot slots */
static Technology tech_with_slots(long long slots)
{
    return (Technology){.ai = 2.0, .robot = 3.0, .robots_active = true, .fleet_slots = slots};
}

/* Runs one automation step on all of t over a plan of every block. */
static SimStatus step(Town *t, const AutomationParams *ap, const Technology *tech, Machines *m,
                      int month, AutomationCounts *out)
{
    const BlockPlan plan = exec_plan(t->ag.n);
    Exec *ex = exec_create(&plan);
    AutomationWork *w = automation_work_create(t->ag.n);
    SimError err = {0};
    SimStatus st = automation_step(ex, &t->ag, ap, tech, m, w, month, out, &err);
    automation_work_destroy(w);
    exec_destroy(ex);
    return st;
}

static int feasibility_should_follow_capability_and_the_larger_log_ratio(void)
{
    Town *t = town_create(10);
    double *ai = t->theta_ai, *rb = t->theta_rb;
    /* A = 2, R = 3; ln(C/theta) compares as C/theta */
    t->status[0] = 0; ai[0] = rb[0] = 0.1;          /* not employed: never a candidate */
    ai[1] = 1.0;                                    /* AI only */
    rb[2] = 1.0;                                    /* robot only */
    ai[3] = 1.0; rb[3] = 1.0;                       /* 2/1 < 3/1: robot */
    ai[4] = 0.5; rb[4] = 1.0;                       /* 2/0.5 = 4 > 3/1: AI */
    ai[5] = 1.0; rb[5] = 1.5;                       /* 2/1 = 3/1.5 = 2 exactly: tie to AI */
    ai[6] = 2.0;                                    /* theta = A: feasible (C >= theta) */
    ai[7] = nextafter(2.0, 3.0); rb[7] = nextafter(3.0, 4.0); /* just above: not feasible */
    ai[8] = 1.0; t->slot[8] = TECH_ROBOT;           /* already machine-run slot: keeps its Tech */
    rb[9] = 1.0; t->job_class[9] = CLASS_BLUE;
    const AutomationParams ap = params_with_adoption(1200.0);
    const Technology tech = tech_with_slots(100);
    Machines m = {0};
    AutomationCounts out;
    CHECK(step(t, &ap, &tech, &m, 0, &out) == SIM_OK);
    const uint8_t want_slot[10] = {TECH_HUMAN, TECH_AI,    TECH_ROBOT, TECH_ROBOT, TECH_AI,
                                   TECH_AI,    TECH_AI,    TECH_HUMAN, TECH_ROBOT, TECH_ROBOT};
    const uint8_t want_status[10] = {0, 2, 2, 2, 2, 2, 2, 1, 2, 2};
    for (int i = 0; i < 10; i++) {
        CHECK(t->slot[i] == want_slot[i]);
        CHECK(t->status[i] == want_status[i]);
    }
    CHECK(out.adopted[TECH_AI] == 5 && out.adopted[TECH_ROBOT] == 3); /* 1,4,5,6,8; 2,3,9 */
    CHECK(out.robot_candidates == 3 && out.robot_rationed == 0);
    CHECK(m.slots[TECH_AI][CLASS_WHITE] == 5 && m.slots[TECH_ROBOT][CLASS_WHITE] == 2);
    CHECK(m.slots[TECH_ROBOT][CLASS_BLUE] == 1 && m.slots[TECH_AI][CLASS_BLUE] == 0);
    CHECK(m.slots[TECH_HUMAN][0] == 0 && m.weight[TECH_HUMAN][0] == 0.0);
    town_destroy(t);
    return 0;
}

static int robots_should_need_free_fleet_slots(void)
{
    /* the fleet is used up: robot-only jobs stay human, jobs robots would win go to AI */
    Town *t = town_create(3);
    t->theta_rb[0] = 1.0;                      /* robot only */
    t->theta_ai[1] = 1.0; t->theta_rb[1] = 1.0; /* robot would win */
    const AutomationParams ap = params_with_adoption(1200.0);
    const Technology tech = tech_with_slots(7);
    Machines m = {.slots = {[TECH_ROBOT] = {4, 3}}}; /* 7 used of 7 */
    AutomationCounts out;
    CHECK(step(t, &ap, &tech, &m, 0, &out) == SIM_OK);
    CHECK(t->slot[0] == TECH_HUMAN && t->status[0] == AGENT_EMPLOYED);
    CHECK(t->slot[1] == TECH_AI && t->status[1] == AGENT_JUST_DISPLACED);
    CHECK(out.robot_candidates == 0 && out.adopted[TECH_ROBOT] == 0 && out.adopted[TECH_AI] == 1);
    CHECK(m.slots[TECH_ROBOT][0] == 4 && m.slots[TECH_ROBOT][1] == 3);
    town_destroy(t);
    return 0;
}

/* Agent i adopts iff its automation uniform is below p: checked agent by agent,
 * and the count against the binomial mean n p within 5 standard deviations
 * sqrt(n p (1 - p)) (a fixed seed, so the test is deterministic; the bound is
 * what a correct rule meets for all but about 1 seed in 1.7 million). */
static int adoption_should_follow_one_minus_exp_of_the_hazard(void)
{
    const int n = 12000; /* three blocks, the last one partial */
    const int month = 5;
    struct {
        double per_year;
        long long slots;
        int robot; /* robot jobs instead of AI jobs */
        double p;  /* 1 - exp(-adoption/12 s_k) */
    } cases[] = {
        {3.0, 0, 0, 1.0 - exp(-0.25)},            /* s_ai = 1 */
        {12.0, 3000, 1, 1.0 - exp(-1.0 * 0.25)},   /* s_robot = 3000 / 12000 */
        {12.0, 50000, 1, 1.0 - exp(-1.0)},         /* s_robot = min(1, 50000 / 12000) */
        {0.0, 0, 0, 0.0},                          /* exactly nobody */
        {1200.0, 0, 0, 1.0},                       /* exactly everybody */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        Town *t = town_create(n);
        for (int i = 0; i < n; i++)
            (cases[c].robot ? t->theta_rb : t->theta_ai)[i] = 0.5;
        const AutomationParams ap = params_with_adoption(cases[c].per_year);
        Technology tech = tech_with_slots(cases[c].slots);
        if (cases[c].robot)
            tech.ai = 0.0;
        Machines m = {0};
        AutomationCounts out;
        CHECK(step(t, &ap, &tech, &m, month, &out) == SIM_OK);
        const RngKey key = rng_key(ap.seed);
        const double p = cases[c].p;
        long long adopted = 0;
        for (int i = 0; i < n; i++) {
            const bool want = rng_uniform_at(key, RNG_STREAM_AUTOMATION, month, (uint32_t)i) < p;
            CHECK((t->status[i] == AGENT_JUST_DISPLACED) == want);
            adopted += want;
        }
        const int k = cases[c].robot ? TECH_ROBOT : TECH_AI;
        CHECK(out.adopted[k] == adopted && out.adopted[TECH_AI + TECH_ROBOT - k] == 0);
        CHECK(out.robot_rationed == 0);
        const double sd = sqrt(n * p * (1.0 - p));
        CHECK_ABS((double)adopted, n * p, 5.0 * sd);
        if (p == 0.0 || p == 1.0)
            CHECK(adopted == (p == 0.0 ? 0 : n));
        town_destroy(t);
    }
    return 0;
}

typedef struct Draw {
    double u;
    int i;
} Draw;

static int by_u(const void *pa, const void *pb)
{
    const Draw *a = pa, *b = pb;
    return a->u < b->u ? -1 : a->u > b->u ? 1 : a->i - b->i;
}

/* The fleet cut: 9000 agents (three blocks), of which 7200 robot candidates
 * (every fifth job is out of reach), 12 free slots of 20, adoption 1200/year, so
 * p = 1 - exp(-100 * 12/7200) = 0.153 and about 1100 adopt: the 12 with the
 * smallest draws keep their machines. The workspace starts with stale robot
 * decisions everywhere, as after an earlier month. */
static int rationing_should_keep_the_smallest_draws(void)
{
    const int n = 9000, month = 3, free_slots = 12, candidates = n - n / 5;
    Town *t = town_create(n);
    for (int i = 0; i < n; i++)
        t->theta_rb[i] = i % 5 == 4 ? 1e9 : 1.0;
    const AutomationParams ap = params_with_adoption(1200.0);
    Technology tech = tech_with_slots(20);
    tech.ai = 0.0;
    Machines m = {.slots = {[TECH_ROBOT] = {5, 3}}};
    const BlockPlan plan = exec_plan(n);
    Exec *ex = exec_create(&plan);
    AutomationWork *w = automation_work_create(n);
    memset(w->decision, TECH_ROBOT, (size_t)n);
    AutomationCounts out;
    SimError err = {0};
    CHECK(automation_step(ex, &t->ag, &ap, &tech, &m, w, month, &out, &err) == SIM_OK);
    const RngKey key = rng_key(ap.seed);
    const double p = 1.0 - exp(-100.0 * fmin(1.0, (double)free_slots / candidates));
    Draw *d = malloc((size_t)candidates * sizeof *d);
    long long adopters = 0;
    int c = 0;
    for (int i = 0; i < n; i++)
        if (i % 5 != 4) {
            d[c] = (Draw){rng_uniform_at(key, RNG_STREAM_AUTOMATION, month, (uint32_t)i), i};
            adopters += d[c++].u < p;
        }
    qsort(d, (size_t)candidates, sizeof *d, by_u);
    for (int j = 0; j < candidates; j++) {
        const int i = d[j].i;
        const bool kept = j < free_slots;
        CHECK((t->status[i] == AGENT_JUST_DISPLACED) == kept);
        CHECK(t->slot[i] == (kept ? TECH_ROBOT : TECH_HUMAN));
    }
    for (int i = 4; i < n; i += 5)
        CHECK(t->status[i] == AGENT_EMPLOYED && t->slot[i] == TECH_HUMAN);
    CHECK(adopters > 1000); /* rationing happened: 0.153 * 7200 = 1104 expected */
    CHECK(out.robot_candidates == candidates);
    CHECK(out.adopted[TECH_ROBOT] == free_slots && out.robot_rationed == adopters - free_slots);
    CHECK(m.slots[TECH_ROBOT][CLASS_WHITE] == 5 + free_slots);
    CHECK(m.slots[TECH_ROBOT][CLASS_BLUE] == 3);
    free(d);
    automation_work_destroy(w);
    exec_destroy(ex);
    town_destroy(t);
    return 0;
}

/* Every agent adopts (p = 1): W_k,c grows by each block's sum of a theta^-beta_k in
 * agent order, blocks added in order onto the W carried from before: the same
 * operations, so the same bits. */
static int machine_weights_should_sum_a_theta_pow_minus_beta_exactly(void)
{
    const int n = 2 * EXEC_BLOCK_SIZE + 1000;
    Town *t = town_create(n);
    for (int i = 0; i < n; i++) {
        t->a[i] = 0.5 + (i % 97) / 13.0;
        t->job_class[i] = (uint8_t)(i % 3 == 0 ? CLASS_BLUE : CLASS_WHITE);
        if (i % 2 == 0)
            t->theta_ai[i] = 0.25 + (i % 31) / 17.0;  /* <= 2.02: only some <= A = 2 */
        else
            t->theta_rb[i] = 0.5 + (i % 29) / 11.0;   /* <= 3.05 */
    }
    const AutomationParams ap = params_with_adoption(1200.0);
    const Technology tech = tech_with_slots(1000000);
    const double carried[TECH_COUNT][2] = {{0, 0}, {123.456, 7.25}, {0.1, 1e3}};
    Machines m;
    memset(&m, 0, sizeof m);
    memcpy(m.weight, carried, sizeof carried);
    /* expected, before the step changes the agents */
    double want[TECH_COUNT][2];
    memcpy(want, carried, sizeof want);
    long long want_slots[TECH_COUNT][2] = {{0, 0}, {0, 0}, {0, 0}};
    const double beta[TECH_COUNT] = {0, 0.5, 0.7};
    for (int b = 0; b < exec_block_count(n); b++) {
        double s[TECH_COUNT][2] = {{0, 0}, {0, 0}, {0, 0}};
        for (int i = exec_block_begin(b); i < exec_block_end(b, n); i++) {
            const bool f_ai = tech.ai >= t->theta_ai[i], f_rb = tech.robot >= t->theta_rb[i];
            if (!f_ai && !f_rb)
                continue;
            const int k = f_ai ? TECH_AI : TECH_ROBOT, c = t->job_class[i];
            const double theta = k == TECH_AI ? t->theta_ai[i] : t->theta_rb[i];
            s[k][c] += t->a[i] * pow(theta, -beta[k]);
            want_slots[k][c]++;
        }
        for (int k = 0; k < TECH_COUNT; k++)
            for (int c = 0; c < 2; c++)
                want[k][c] += s[k][c];
    }
    AutomationCounts out;
    CHECK(step(t, &ap, &tech, &m, 0, &out) == SIM_OK);
    for (int k = 0; k < TECH_COUNT; k++)
        for (int c = 0; c < 2; c++) {
            CHECK(m.weight[k][c] == want[k][c]); /* bit for bit */
            CHECK(m.slots[k][c] == want_slots[k][c]);
        }
    CHECK(want_slots[TECH_AI][0] > 0 && want_slots[TECH_ROBOT][1] > 0); /* both classes used */
    town_destroy(t);
    return 0;
}

/* The composition root may run the apply kernel in one pass with labour's kernel:
 * per block, the same operations in the same order as the two steps. */
static int fused_apply_and_labour_should_equal_the_two_steps(void)
{
    const int n = 3 * EXEC_BLOCK_SIZE - 5, month = 4;
    Town *one = town_create(n), *two = town_create(n);
    for (int i = 0; i < n; i++) {
        one->theta_ai[i] = two->theta_ai[i] = 0.5 + (i % 7) / 2.0;
        one->theta_rb[i] = two->theta_rb[i] = 0.5 + (i % 5) / 1.5;
        one->status[i] = two->status[i] = (uint8_t)(i % 4 == 0 ? 0 : AGENT_EMPLOYED);
    }
    const AutomationParams ap = params_with_adoption(6.0);
    const Technology tech = tech_with_slots(500);
    const LabourParams labour = {.reemployment_per_year = 6.0,
                                 .skill_loss = 0.1,
                                 .new_task_headroom = 0.3};
    const LabourStepParams lp = {.labour = &labour, .sigma_ai = 0.4, .sigma_robot = 0.2, .seed = 9};
    const BlockPlan plan = exec_plan(n);
    Exec *ex = exec_create(&plan);
    AutomationWork *w = automation_work_create(n);
    gsl_rng *rng[3] = {rng_create(), rng_create(), rng_create()};
    SimError err = {0};
    Machines m1 = {.weight = {[TECH_AI] = {1.5, 2.5}}}, m2 = m1;
    AutomationCounts c1, c2;
    CHECK(automation_step(ex, &one->ag, &ap, &tech, &m1, w, month, &c1, &err) == SIM_OK);
    const long long hired1 = labour_step(ex, &one->ag, &lp, &tech, rng, month, 1.0);

    CHECK(automation_decide(ex, &two->ag, &ap, &tech, &m2, w, month, &c2, &err) == SIM_OK);
    const AutomationApply apply = automation_apply_prepare(&two->ag, &ap, w, &m2, month);
    const LabourPass lab = labour_prepare(&two->ag, &lp, &tech, rng, month, 1.0);
    const Kernel pass[2] = {{automation_apply_kernel, &apply}, {labour_kernel, &lab}};
    BlockResult total[2];
    exec_pass(ex, pass, 2, total);
    automation_apply_finish(&apply, &total[0], &m2);

    CHECK(hired1 > 0 && total[1].count[LABOUR_COUNT_HIRED] == hired1);
    CHECK(memcmp(&c1, &c2, sizeof c1) == 0);
    CHECK(c1.adopted[TECH_AI] > 0 && c1.adopted[TECH_ROBOT] > 0);
    CHECK(memcmp(&m1, &m2, sizeof m1) == 0);
    CHECK(memcmp(one->status, two->status, (size_t)n) == 0);
    CHECK(memcmp(one->slot, two->slot, (size_t)n) == 0);
    CHECK(memcmp(one->a, two->a, (size_t)n * sizeof(double)) == 0);
    CHECK(memcmp(one->theta_ai, two->theta_ai, (size_t)n * sizeof(double)) == 0);
    CHECK(memcmp(one->theta_rb, two->theta_rb, (size_t)n * sizeof(double)) == 0);
    for (int b = 0; b < 3; b++)
        gsl_rng_free(rng[b]);
    automation_work_destroy(w);
    exec_destroy(ex);
    town_destroy(one);
    town_destroy(two);
    return 0;
}

static int nothing_feasible_should_leave_everything_unchanged(void)
{
    /* no AI and no free robot slot: no pass runs, machines keep their bits */
    Town *t = town_create(5);
    for (int i = 0; i < 5; i++)
        t->theta_ai[i] = t->theta_rb[i] = 0.1;
    const AutomationParams ap = params_with_adoption(1200.0);
    Technology tech = tech_with_slots(0);
    tech.ai = 0.0;
    Machines m = {.weight = {[TECH_AI] = {3.0, 4.0}}}, before = m;
    AutomationCounts out;
    CHECK(step(t, &ap, &tech, &m, 0, &out) == SIM_OK);
    CHECK(memcmp(&m, &before, sizeof m) == 0);
    CHECK(out.adopted[TECH_AI] == 0 && out.adopted[TECH_ROBOT] == 0 && out.robot_candidates == 0);
    for (int i = 0; i < 5; i++)
        CHECK(t->status[i] == AGENT_EMPLOYED && t->slot[i] == TECH_HUMAN);
    town_destroy(t);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(feasibility_should_follow_capability_and_the_larger_log_ratio, failures);
    RUN(robots_should_need_free_fleet_slots, failures);
    RUN(adoption_should_follow_one_minus_exp_of_the_hazard, failures);
    RUN(rationing_should_keep_the_smallest_draws, failures);
    RUN(machine_weights_should_sum_a_theta_pow_minus_beta_exactly, failures);
    RUN(fused_apply_and_labour_should_equal_the_two_steps, failures);
    RUN(nothing_feasible_should_leave_everything_unchanged, failures);
    return failures != 0;
}
