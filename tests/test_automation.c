/* test_automation.c - Adoption of AI and robots (MODEL.md 4 step 2, 4c) on
 * hand-built agents and parameters, over plans of one to three blocks. */
#include <stdlib.h>
#include <string.h>

#include <omp.h>

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

/* Version 1's rules (AI takes blue-collar jobs, no fallback, no energy gate),
 * which the tests before the version-2 ones pin. adoption 1200/year: 1 -
 * exp(-100) rounds to exactly 1, so every candidate adopts (uniforms are < 1). */
static AutomationParams params_with_adoption(double per_year)
{
    return (AutomationParams){.ai = &ai_params,
                              .robots = &robot_params,
                              .adoption_per_year = per_year,
                              .seed = 20261201,
                              .automates_blue_collar = true,
                              .ai_fallback = false,
                              .gates_adoption = false};
}

/* A = 2, R = 3, `slots` robot slots */
static Technology tech_with_slots(long long slots)
{
    return (Technology){.ai = 2.0, .robot = 3.0, .robots_active = true, .fleet_slots = slots};
}

/* Automation's scratch in storage lent to it, as sim.c lends its incomes and
 * metrics arrays: n doubles each, every byte set to `fill` (what the lender
 * left there). */
typedef struct Lent {
    double *draw, *need, *lists;
    AutomationWork *w;
} Lent;

static Lent lend(int n, int fill)
{
    Lent l;
    l.draw = malloc((size_t)n * sizeof(double));
    l.need = malloc((size_t)n * sizeof(double));
    l.lists = malloc((size_t)n * sizeof(double));
    memset(l.draw, fill, (size_t)n * sizeof(double));
    memset(l.need, fill, (size_t)n * sizeof(double));
    memset(l.lists, fill, (size_t)n * sizeof(double));
    l.w = automation_work_create(n, l.draw, l.need, l.lists);
    return l;
}

static void lent_free(Lent *l)
{
    automation_work_destroy(l->w);
    free(l->draw);
    free(l->need);
    free(l->lists);
}

/* Runs one automation step on all of t over a plan of every block, in lent
 * storage whose bytes are all `fill`. */
static SimStatus step_in(Town *t, const AutomationParams *ap, const Technology *tech,
                         Machines *m, int month, AutomationCounts *out, int fill)
{
    const BlockPlan plan = exec_plan(t->ag.n);
    Exec *ex = exec_create(&plan);
    Lent lent = lend(t->ag.n, fill);
    SimError err = {0};
    SimStatus st = automation_step(ex, &t->ag, ap, tech, m, lent.w, month, out, &err);
    lent_free(&lent);
    exec_destroy(ex);
    return st;
}

static SimStatus step(Town *t, const AutomationParams *ap, const Technology *tech, Machines *m,
                      int month, AutomationCounts *out)
{
    return step_in(t, ap, tech, m, month, out, 0);
}

static int lent_storage_should_be_carved_in_order(void)
{
    const int n = 10;
    double draw[10], need[10], lists[10];
    AutomationWork *w = automation_work_create(n, draw, need, lists);
    CHECK(w != NULL);
    /* agent: 4 n bytes from the start; target, decision: n bytes each after it */
    CHECK((void *)w->agent == (void *)lists && w->draw == draw && w->need == need);
    CHECK((unsigned char *)w->target == (unsigned char *)lists + 4 * n);
    CHECK(w->decision == w->target + n);
    CHECK(w->decision + n <= (uint8_t *)(lists + n));
    automation_work_destroy(w);
    CHECK(automation_work_create(n, NULL, need, lists) == NULL);
    CHECK(automation_work_create(n, draw, need, NULL) == NULL);
    return 0;
}

/* A rank of a split run lends storage for its own agents only, at their own
 * indices (exec_span_alloc): carved from lists + first, and a step over its
 * blocks touches nothing outside [first, end) (the sanitizer build would catch
 * it) and decides each of its agents as a run over every block does. */
static int span_storage_should_hold_the_blocks_agents_only(void)
{
    const int n = 12000; /* three blocks, the last one partial */
    const int month = 5;
    BlockPlan plan = exec_plan_local(n);
    plan.lo = 1; /* stands for the second of two ranks: blocks 1 and 2 */
    int first, end;
    exec_agent_range(&plan, &first, &end);
    CHECK(first == 4096 && end == n);
    double *draw = exec_span_alloc(first, end, sizeof(double), false);
    double *need = exec_span_alloc(first, end, sizeof(double), false);
    double *lists = exec_span_alloc(first, end, sizeof(double), false);
    const size_t bytes = (size_t)(end - first) * sizeof(double);
    memset(draw + first, 0xa5, bytes); /* what a lender may have left there */
    memset(need + first, 0xa5, bytes);
    memset(lists + first, 0xa5, bytes);
    AutomationWork *w = automation_work_create_span(n, first, end, draw, need, lists);
    CHECK(w != NULL);
    CHECK((void *)(w->agent + first) == (void *)(lists + first));
    CHECK(w->target + first == (uint8_t *)(lists + first) + 4 * (size_t)(end - first));
    CHECK(w->decision + first == w->target + end);
    CHECK(w->decision + end <= (uint8_t *)(lists + end));

    Town *t = town_create(n);
    for (int i = 0; i < n; i++)
        t->theta_ai[i] = 0.5;
    const AutomationParams ap = params_with_adoption(3.0);
    const Technology tech = tech_with_slots(0);
    Machines m = {0};
    AutomationCounts out;
    Exec *ex = exec_create(&plan);
    SimError err = {0};
    CHECK(automation_step(ex, &t->ag, &ap, &tech, &m, w, month, &out, &err) == SIM_OK);
    const RngKey key = rng_key(ap.seed);
    const double p = 1.0 - exp(-0.25);
    long long adopted = 0;
    for (int i = 0; i < n; i++) {
        const bool want = i >= first &&
                          rng_uniform_at(key, RNG_STREAM_AUTOMATION, month, (uint32_t)i) < p;
        CHECK((t->status[i] == AGENT_JUST_DISPLACED) == want);
        adopted += want;
    }
    CHECK(adopted > 0 && out.adopted[TECH_AI] == adopted && out.adopted[TECH_ROBOT] == 0);
    exec_destroy(ex);
    town_destroy(t);
    automation_work_destroy(w);
    exec_span_free(draw, first, sizeof(double));
    exec_span_free(need, first, sizeof(double));
    exec_span_free(lists, first, sizeof(double));
    return 0;
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
    Lent lent = lend(n, 0);
    AutomationWork *w = lent.w;
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
    lent_free(&lent);
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
    Lent lent = lend(n, 0);
    AutomationWork *w = lent.w;
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
    lent_free(&lent);
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

/* ---- version 2: bits before atoms, AI fallback, energy gate ---- */

/* Version 2's rules, each switch as the caller says. */
static AutomationParams params_v2(double per_year, bool blue, bool fallback, bool gate)
{
    AutomationParams ap = params_with_adoption(per_year);
    ap.automates_blue_collar = blue;
    ap.ai_fallback = fallback;
    ap.gates_adoption = gate;
    return ap;
}

/* A = 2, R = 3, p = 1. With ai.automates_blue_collar false a blue-collar job
 * feasible only for AI stays human, and one both can take goes to robots even
 * where AI is cheaper; with true, version 1: both go to AI. White-collar jobs
 * go to AI either way. */
static int bits_before_atoms_should_keep_ai_off_blue_collar_jobs(void)
{
    for (int blue_ok = 0; blue_ok <= 1; blue_ok++) {
        Town *t = town_create(5);
        double *ai = t->theta_ai, *rb = t->theta_rb;
        ai[0] = 1.0; t->job_class[0] = CLASS_BLUE;              /* AI only */
        ai[1] = 0.5; rb[1] = 1.0; t->job_class[1] = CLASS_BLUE; /* 2/0.5 = 4 > 3/1: AI cheaper */
        ai[2] = 1.0;                                            /* white, AI only */
        rb[3] = 1.0; t->job_class[3] = CLASS_BLUE;              /* robot only */
        ai[4] = 0.5; rb[4] = 1.0;                               /* white, AI cheaper */
        const AutomationParams ap = params_v2(1200.0, blue_ok, true, false);
        const Technology tech = tech_with_slots(100);
        Machines m = {0};
        AutomationCounts out;
        CHECK(step(t, &ap, &tech, &m, 0, &out) == SIM_OK);
        const uint8_t want_v2[5] = {TECH_HUMAN, TECH_ROBOT, TECH_AI, TECH_ROBOT, TECH_AI};
        const uint8_t want_v1[5] = {TECH_AI, TECH_AI, TECH_AI, TECH_ROBOT, TECH_AI};
        for (int i = 0; i < 5; i++) {
            const uint8_t want = blue_ok ? want_v1[i] : want_v2[i];
            CHECK(t->slot[i] == want);
            CHECK(t->status[i] == (want == TECH_HUMAN ? AGENT_EMPLOYED : AGENT_JUST_DISPLACED));
        }
        CHECK(m.slots[TECH_AI][CLASS_BLUE] == (blue_ok ? 2 : 0));
        CHECK(m.slots[TECH_ROBOT][CLASS_BLUE] == (blue_ok ? 1 : 2));
        CHECK(out.adopted[TECH_AI] == (blue_ok ? 4 : 2));
        CHECK(out.ai_fallback == 0); /* every robot adopter got its robot */
        town_destroy(t);
    }
    return 0;
}

/* Fallback when the draw is above the robot probability: 12000 jobs (three
 * blocks) that robots win (3/1 > 2/1) and AI could take, 3000 free slots, so
 * s_robot = 0.25; adoption 12/year: p_robot = 1 - exp(-0.25) = 0.221, p_ai =
 * 1 - exp(-1) = 0.632. About 2654 adopt robots (sd 45, far below the 3000
 * slots: no fleet cut). With the fallback an agent with p_robot <= u < p_ai goes
 * to AI, unless its job is blue-collar (every fourth: AI not allowed); without
 * it, it stays human. Checked agent by agent. */
static int fallback_should_take_jobs_robots_drew_too_high_for(void)
{
    const int n = 12000, month = 7;
    const double p_rb = 1.0 - exp(-1.0 * 0.25), p_ai = 1.0 - exp(-1.0);
    for (int fallback = 0; fallback <= 1; fallback++) {
        Town *t = town_create(n);
        for (int i = 0; i < n; i++) {
            t->theta_ai[i] = t->theta_rb[i] = 1.0;
            t->job_class[i] = (uint8_t)(i % 4 == 3 ? CLASS_BLUE : CLASS_WHITE);
        }
        const AutomationParams ap = params_v2(12.0, false, fallback, false);
        const Technology tech = tech_with_slots(3000);
        Machines m = {0};
        AutomationCounts out;
        CHECK(step(t, &ap, &tech, &m, month, &out) == SIM_OK);
        const RngKey key = rng_key(ap.seed);
        long long robots = 0, fell = 0;
        for (int i = 0; i < n; i++) {
            const double u = rng_uniform_at(key, RNG_STREAM_AUTOMATION, month, (uint32_t)i);
            const bool white = t->job_class[i] == CLASS_WHITE;
            const int want = u < p_rb                            ? TECH_ROBOT
                             : fallback && white && u < p_ai ? TECH_AI
                                                                 : TECH_HUMAN;
            CHECK(t->slot[i] == want);
            robots += want == TECH_ROBOT;
            fell += want == TECH_AI;
        }
        CHECK(out.robot_candidates == n && out.robot_rationed == 0);
        CHECK(out.adopted[TECH_ROBOT] == robots && robots < 3000);
        CHECK(out.adopted[TECH_AI] == fell && out.ai_fallback == fell);
        /* (p_ai - p_rb) 9000 white jobs = 3699 expected */
        CHECK(fallback ? fell > 3000 : fell == 0);
        CHECK(m.slots[TECH_AI][CLASS_BLUE] == 0);
        town_destroy(t);
    }
    return 0;
}

/* Fallback after the fleet cut: 12 jobs robots win, AI feasible too, 5 free
 * slots, p = 1 - exp(-100 5/12) = 1 - 8e-19, which rounds to 1: all 12 draw
 * robots, the 5
 * smallest draws keep them, and with the fallback the other white-collar
 * ones go to AI (u < p_ai = 1); the blue-collar ones (2, 7, 11) cannot. */
static int fallback_should_take_jobs_the_fleet_turned_away(void)
{
    const int n = 12, month = 2;
    const RngKey key = rng_key(20261201);
    Draw d[12];
    for (int i = 0; i < n; i++)
        d[i] = (Draw){rng_uniform_at(key, RNG_STREAM_AUTOMATION, month, (uint32_t)i), i};
    qsort(d, (size_t)n, sizeof *d, by_u);
    int rank[12];
    for (int r = 0; r < n; r++)
        rank[d[r].i] = r;
    for (int fallback = 0; fallback <= 1; fallback++) {
        Town *t = town_create(n);
        for (int i = 0; i < n; i++)
            t->theta_ai[i] = t->theta_rb[i] = 1.0;
        t->job_class[2] = t->job_class[7] = t->job_class[11] = CLASS_BLUE;
        const AutomationParams ap = params_v2(1200.0, false, fallback, false);
        const Technology tech = tech_with_slots(9);
        Machines m = {.slots = {[TECH_ROBOT] = {3, 1}}}; /* 4 of 9 used: 5 free */
        AutomationCounts out;
        CHECK(step(t, &ap, &tech, &m, month, &out) == SIM_OK);
        long long fell = 0;
        for (int i = 0; i < n; i++) {
            const bool white = t->job_class[i] == CLASS_WHITE;
            const int want = rank[i] < 5 ? TECH_ROBOT
                             : fallback && white ? TECH_AI
                                                 : TECH_HUMAN;
            CHECK(t->slot[i] == want);
            fell += want == TECH_AI;
        }
        CHECK(out.robot_candidates == n && out.robot_rationed == n - 5);
        CHECK(out.adopted[TECH_ROBOT] == 5);
        CHECK(out.adopted[TECH_AI] == fell && out.ai_fallback == fell);
        CHECK(m.slots[TECH_ROBOT][CLASS_WHITE] + m.slots[TECH_ROBOT][CLASS_BLUE] == 9);
        CHECK(m.slots[TECH_AI][CLASS_BLUE] == 0);
        town_destroy(t);
    }
    return 0;
}

static const RobotParams robot_half = {.output_elasticity = 0.5};

/* The energy gate on a hand-computed case. 8 jobs, p = 1: agents 0-4 AI only
 * (A = 4, beta 0.5), 5-7 robots only (R = 9, beta 0.5; 7 blue-collar); scale
 * 2.5, kappa_ai = 0.5, kappa_robot = 0.25 kWh/$.
 * Old slots: W_ai = 3 + 1, W_robot = 2 + 2, so
 *   kappa_ai Q*_ai,old = 0.5 (2.5 sqrt(4) 4) = 10, kappa_rb Q*_rb,old = 0.25 (2.5 sqrt(9) 4) = 7.5,
 * 17.5 kWh in all. The agent of draw rank r (by u, then agent) needs
 *   need[r] = 0.625 {4, 8, 16, 1, 2, 8, 4, 1} = {2.5, 5, 10, 0.625, 1.25, 5, 2.5, 0.625},
 * 31.25 in all: its a is set to need / (kappa scale sqrt(C/theta)), with
 * theta_ai in {1, 0.25, 4} (sqrt(4/theta) = 2, 4, 1) and theta_rb in {9, 2.25}
 * (sqrt(9/theta) = 1, 2); every number here is exact in binary.
 * E-hat = 25 leaves free = 7.5 = need[0] + need[1]: exactly the first two by
 * draw fit; E-hat = 25.625 (free 8.125) also keeps only those two, since the
 * third (10) does not fit and the cut stops there, though the fourth (0.625)
 * would; E-hat = 17.5 or 12 (free 0) keeps none; E-hat = 1e6 and the gate off
 * keep all. */
static int energy_gate_should_keep_adopters_by_draw_while_free_energy_lasts(void)
{
    const int n = 8, month = 9;
    const double need[8] = {2.5, 5, 10, 0.625, 1.25, 5, 2.5, 0.625};
    const double theta_ai[5] = {1, 0.25, 4, 1, 0.25}, root_ai[5] = {2, 4, 1, 2, 4};
    const double theta_rb[3] = {9, 2.25, 2.25}, root_rb[3] = {1, 2, 2};
    const RngKey key = rng_key(20261201);
    Draw d[8];
    for (int i = 0; i < n; i++)
        d[i] = (Draw){rng_uniform_at(key, RNG_STREAM_AUTOMATION, month, (uint32_t)i), i};
    qsort(d, (size_t)n, sizeof *d, by_u);
    int rank[8];
    for (int r = 0; r < n; r++)
        rank[d[r].i] = r;
    struct {
        double e_hat;
        bool gate;
        int kept; /* the first `kept` by draw */
    } cases[] = {{25.0, true, 2}, {25.625, true, 2}, {17.5, true, 0},
                 {12.0, true, 0}, {1e6, true, 8},    {25.0, false, 8}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        Town *t = town_create(n);
        t->ag.scale = 2.5;
        for (int i = 0; i < n; i++) {
            if (i < 5) {
                t->theta_ai[i] = theta_ai[i];
                t->a[i] = need[rank[i]] / (1.25 * root_ai[i]);
            } else {
                t->theta_rb[i] = theta_rb[i - 5];
                t->a[i] = need[rank[i]] / (0.625 * root_rb[i - 5]);
            }
        }
        t->job_class[7] = CLASS_BLUE;
        AutomationParams ap = params_v2(1200.0, false, true, cases[c].gate);
        ap.robots = &robot_half;
        Technology tech = {.ai = 4.0, .robot = 9.0, .robots_active = true, .fleet_slots = 100,
                           .energy_kwh = cases[c].e_hat,
                           .kwh_per_dollar = {[TECH_AI] = 0.5, [TECH_ROBOT] = 0.25}};
        Machines m = {.weight = {[TECH_AI] = {3.0, 1.0}, [TECH_ROBOT] = {2.0, 2.0}},
                      .slots = {[TECH_ROBOT] = {1, 1}}};
        AutomationCounts out;
        CHECK(step(t, &ap, &tech, &m, month, &out) == SIM_OK);
        long long kept[TECH_COUNT] = {0, 0, 0};
        double used = 0;
        for (int i = 0; i < n; i++) {
            const bool keep = rank[i] < cases[c].kept;
            const int k = i < 5 ? TECH_AI : TECH_ROBOT;
            CHECK(t->slot[i] == (keep ? k : TECH_HUMAN));
            CHECK(t->status[i] == (keep ? AGENT_JUST_DISPLACED : AGENT_EMPLOYED));
            kept[k] += keep;
            used += keep ? need[rank[i]] : 0.0;
        }
        CHECK(out.adopted[TECH_AI] == kept[TECH_AI] && out.adopted[TECH_ROBOT] == kept[TECH_ROBOT]);
        CHECK(out.energy_held_back == n - cases[c].kept);
        CHECK(out.robot_rationed == 0 && out.ai_fallback == 0);
        if (cases[c].gate)
            CHECK(used <= fmax(0.0, cases[c].e_hat - 17.5)); /* kept need <= free */
        CHECK(m.slots[TECH_AI][CLASS_WHITE] == kept[TECH_AI]);
        CHECK(m.slots[TECH_ROBOT][CLASS_WHITE] + m.slots[TECH_ROBOT][CLASS_BLUE] ==
              2 + kept[TECH_ROBOT]);
        town_destroy(t);
    }
    return 0;
}

/* A town with every mechanism at work: 5 blocks and a partial one, a tenth not
 * employed, a third blue-collar, thresholds so that some jobs suit AI, some
 * robots, some both. */
enum { MIXED_N = 5 * EXEC_BLOCK_SIZE + 321 };
static Town *mixed_town(void)
{
    Town *t = town_create(MIXED_N);
    t->ag.scale = 1.75;
    for (int i = 0; i < MIXED_N; i++) {
        t->status[i] = (uint8_t)(i % 10 == 0 ? 0 : AGENT_EMPLOYED);
        t->job_class[i] = (uint8_t)(i % 3 == 0 ? CLASS_BLUE : CLASS_WHITE);
        t->a[i] = 0.5 + (i % 13) / 7.0;
        t->theta_ai[i] = 0.5 + (i % 7) * 0.3;  /* <= A = 2 for i % 7 <= 5 */
        t->theta_rb[i] = 0.6 + (i % 11) * 0.25; /* <= R = 3 for i % 11 <= 9 */
    }
    return t;
}

/* The rule of the energy gate, and the same kept set for 1 and 3 threads. First
 * the month without the gate gives the adopters after the fleet cut and the
 * fallback (about 12600 robot candidates share 300 free slots, p_robot = 1 -
 * exp(-2 300/12600) = 0.046: some 590 draw robots, so the cut binds); their
 * needs, summed, set free to half of them. With the gate, 1 and 3 threads must
 * give the same bytes, and the kept adopters must be the longest prefix in
 * (u, agent) order whose cumulative need fits in free. */
static int energy_gate_should_keep_the_same_prefix_for_any_thread_count(void)
{
    const int month = 11;
    const AutomationParams open = params_v2(24.0, false, true, false);
    const AutomationParams gated = params_v2(24.0, false, true, true);
    Technology tech = {.ai = 2.0, .robot = 3.0, .robots_active = true, .fleet_slots = 1300,
                       .kwh_per_dollar = {[TECH_AI] = 0.05, [TECH_ROBOT] = 0.04}};
    const Machines before = {.weight = {[TECH_AI] = {1.5, 0.5}, [TECH_ROBOT] = {0.75, 0.25}},
                             .slots = {[TECH_ROBOT] = {600, 400}}};
    const double scale = 1.75;
    const double kwh[TECH_COUNT] = {0, 0.05 * scale, 0.04 * scale};
    const double cap[TECH_COUNT] = {0, 2.0, 3.0};
    const double beta[TECH_COUNT] = {0, ai_params.output_elasticity,
                                     robot_params.output_elasticity};

    /* the adopters without the gate, and their needs */
    Town *t = mixed_town();
    Machines m = before;
    AutomationCounts ungated;
    CHECK(step(t, &open, &tech, &m, month, &ungated) == SIM_OK);
    CHECK(ungated.robot_rationed > 0 && ungated.ai_fallback > 0);
    const RngKey key = rng_key(open.seed);
    typedef struct { double u, need; int i, k; } Adopter;
    Adopter *ad = malloc((size_t)MIXED_N * sizeof *ad);
    int count = 0;
    double total = 0;
    for (int i = 0; i < MIXED_N; i++) {
        CHECK(!(t->job_class[i] == CLASS_BLUE && t->slot[i] == TECH_AI)); /* bits before atoms */
        if (t->status[i] != AGENT_JUST_DISPLACED)
            continue;
        const int k = t->slot[i];
        const double theta = k == TECH_AI ? t->theta_ai[i] : t->theta_rb[i];
        const double need = kwh[k] * t->a[i] * pow(cap[k] / theta, beta[k]);
        ad[count++] = (Adopter){rng_uniform_at(key, RNG_STREAM_AUTOMATION, month, (uint32_t)i),
                                need, i, k};
        total += need;
    }
    CHECK(count == ungated.adopted[TECH_AI] + ungated.adopted[TECH_ROBOT]);
    town_destroy(t);

    /* free = E-hat - kappa Q*_old, as automation computes it, set to about total / 2 */
    double old = 0;
    for (int k = TECH_AI; k < TECH_COUNT; k++)
        old += tech.kwh_per_dollar[k] *
               (scale * pow(cap[k], beta[k]) * (before.weight[k][0] + before.weight[k][1]));
    tech.energy_kwh = old + total / 2;
    const double free_kwh = tech.energy_kwh - old;

    /* the longest prefix by (u, agent) that fits */
    for (int a = 1; a < count; a++) /* insertion sort: a few thousand */
        for (int b = a; b > 0 && (ad[b].u < ad[b - 1].u ||
                                  (ad[b].u == ad[b - 1].u && ad[b].i < ad[b - 1].i)); b--) {
            const Adopter x = ad[b];
            ad[b] = ad[b - 1];
            ad[b - 1] = x;
        }
    int kept = 0;
    double used = 0;
    while (kept < count && used + ad[kept].need <= free_kwh)
        used += ad[kept++].need;
    CHECK(kept > 0 && kept < count && used <= free_kwh);
    uint8_t *want = calloc(MIXED_N, 1);
    for (int j = 0; j < kept; j++)
        want[ad[j].i] = (uint8_t)ad[j].k;

    uint8_t *slot[2];
    Machines after[2];
    AutomationCounts counts[2];
    const int threads[2] = {1, 3}, threads_before = omp_get_max_threads();
    for (int r = 0; r < 2; r++) {
        omp_set_num_threads(threads[r]);
        Town *g = mixed_town();
        after[r] = before;
        CHECK(step(g, &gated, &tech, &after[r], month, &counts[r]) == SIM_OK);
        for (int i = 0; i < MIXED_N; i++)
            CHECK(g->slot[i] == want[i]);
        slot[r] = g->slot;
        g->slot = NULL; /* kept for the comparison; town_destroy frees NULL */
        town_destroy(g);
    }
    CHECK(memcmp(slot[0], slot[1], MIXED_N) == 0);
    CHECK(memcmp(&after[0], &after[1], sizeof after[0]) == 0);
    CHECK(memcmp(&counts[0], &counts[1], sizeof counts[0]) == 0);
    const AutomationCounts *c = &counts[0];
    CHECK(c->energy_held_back == count - kept);
    CHECK(c->adopted[TECH_AI] + c->adopted[TECH_ROBOT] == kept);
    CHECK(c->robot_rationed == ungated.robot_rationed);
    CHECK(c->ai_fallback <= ungated.ai_fallback && c->ai_fallback > 0);
    omp_set_num_threads(threads_before);
    free(slot[0]);
    free(slot[1]);
    free(want);
    free(ad);
    return 0;
}

/* What the lender left in automation's storage must not matter: the same
 * month in storage of all zero bytes and of all 0xff bytes (NaN draws and
 * needs, agent 2^32 - 1, target and decision 255) gives the same agents,
 * machines and counts, with the fleet cut, the fallback and the energy
 * gate's needs all at work. */
static int lent_storage_contents_should_not_matter(void)
{
    const int month = 11;
    const AutomationParams gated = params_v2(24.0, false, true, true);
    const Technology tech = {.ai = 2.0, .robot = 3.0, .robots_active = true, .fleet_slots = 1300,
                             .energy_kwh = 1e9,
                             .kwh_per_dollar = {[TECH_AI] = 0.05, [TECH_ROBOT] = 0.04}};
    const Machines before = {.weight = {[TECH_AI] = {1.5, 0.5}, [TECH_ROBOT] = {0.75, 0.25}},
                             .slots = {[TECH_ROBOT] = {600, 400}}};
    Town *t[2];
    Machines m[2] = {before, before};
    AutomationCounts c[2];
    for (int r = 0; r < 2; r++) {
        t[r] = mixed_town();
        CHECK(step_in(t[r], &gated, &tech, &m[r], month, &c[r], r == 0 ? 0x00 : 0xff) == SIM_OK);
    }
    CHECK(c[0].robot_rationed > 0 && c[0].ai_fallback > 0);
    CHECK(c[0].adopted[TECH_AI] > 0 && c[0].adopted[TECH_ROBOT] > 0);
    CHECK(memcmp(&c[0], &c[1], sizeof c[0]) == 0);
    CHECK(memcmp(&m[0], &m[1], sizeof m[0]) == 0);
    CHECK(memcmp(t[0]->status, t[1]->status, MIXED_N) == 0);
    CHECK(memcmp(t[0]->slot, t[1]->slot, MIXED_N) == 0);
    CHECK(memcmp(t[0]->lost_month, t[1]->lost_month, MIXED_N * sizeof(int32_t)) == 0);
    town_destroy(t[0]);
    town_destroy(t[1]);
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
    RUN(bits_before_atoms_should_keep_ai_off_blue_collar_jobs, failures);
    RUN(fallback_should_take_jobs_robots_drew_too_high_for, failures);
    RUN(fallback_should_take_jobs_the_fleet_turned_away, failures);
    RUN(energy_gate_should_keep_adopters_by_draw_while_free_energy_lasts, failures);
    RUN(energy_gate_should_keep_the_same_prefix_for_any_thread_count, failures);
    RUN(lent_storage_should_be_carved_in_order, failures);
    RUN(span_storage_should_hold_the_blocks_agents_only, failures);
    RUN(lent_storage_contents_should_not_matter, failures);
    return failures != 0;
}
