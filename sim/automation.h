/* automation.h - Which human-held jobs AI and robots take over each month
 * (MODEL.md section 4 step 2, and 4c).
 *
 * Three kernels over blocks (exec.h): candidates (who is feasible, for which
 * technology), draws (who adopts), apply (the adopters' jobs go to machines).
 * Between the first two sits a global result (the robot candidates, for the
 * capacity slack s_robot), between the last two the robot rationing. The apply
 * kernel has no global result before production, so it is exported for the
 * composition root to fuse with the kernels that follow it in one pass. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "agents.h"
#include "exec.h"
#include "params.h"
#include "status.h"
#include "technology.h"

/* Machine-run slots. A slot keeps its job's base output a and threshold theta
 * and is never retired; its output a (C/theta)^beta = C^beta (a theta^-beta), so
 * the running sum of a theta^-beta per technology is all production needs. */
typedef struct Machines {
    /* [Tech][class] sum of a theta^-beta [base-year $/month per agent] */
    double weight[TECH_COUNT][2];
    long long slots[TECH_COUNT][2]; /* [Tech][class] machine-run slots [agents] */
} Machines;

/* What automation did this month. */
typedef struct AutomationCounts {
    long long adopted[TECH_COUNT]; /* jobs taken over, by Tech [agents] */
    long long robot_candidates;  /* jobs robots were chosen for and could take [agents] */
    long long robot_rationed;    /* adopters turned away because the fleet was full [agents] */
    long long ai_fallback;       /* jobs that preferred robots and went to AI (robots.ai_fallback) [agents] */
    long long energy_held_back;  /* adopters kept human for lack of free energy [agents] */
} AutomationCounts;

/* The parameters automation reads: groups of Params (borrowed), or hand-made
 * ones in a test. */
typedef struct AutomationParams {
    const AiParams *ai;        /* output_elasticity beta_ai; borrowed */
    const RobotParams *robots; /* output_elasticity beta_robot; borrowed */
    double adoption_per_year;  /* labor.adoption_per_year: hazard of a feasible job [1/year] */
    uint64_t seed;             /* run.seed: addresses the adoption draws */
} AutomationParams;

/* Scratch memory, allocated once per run. */
typedef struct AutomationWork {
    /* Candidates (employed agents with a feasible job) of block b, in agent
     * order, are entries exec_block_begin(b) .. exec_block_begin(b) + count[b] - 1
     * of agent, target, draw and decision. */
    uint32_t *agent;     /* candidate's agent index [n]; owned */
    uint8_t *target;     /* Tech the candidate's job would go to [n]; owned */
    uint8_t *decision;   /* Tech adopted (TECH_HUMAN: stays human, and past a block's
                          * candidates) [n]; owned */
    double *draw;        /* the adoption uniform [n]; owned */
    int *count;          /* candidates per block [blocks]; owned */
    bool decided;        /* this month's decisions are in; false: nothing to apply */
    int n;
} AutomationWork;

/* Allocates scratch for n agents; NULL if out of memory. */
AutomationWork *automation_work_create(int n);
void automation_work_destroy(AutomationWork *w);

/* Runs step 2 for `month` over the blocks of ex: automation_decide, then the
 * apply kernel in a pass of its own, then automation_apply_finish. Use it
 * unless the apply kernel is fused with later kernels. Returns SIM_ERR_MEMORY
 * if the rare rationing list cannot be allocated. */
SimStatus automation_step(Exec *ex, Agents *ag, const AutomationParams *ap,
                          const Technology *tech, Machines *machines, AutomationWork *w,
                          int month, AutomationCounts *out, SimError *err);

/* Decides step 2 for `month` and leaves the decisions in w (agents unchanged):
 * every employed agent whose job is feasible (capability >= theta; robots also
 * need free fleet slots, fleet_slots minus the machines' robot slots) adopts
 * with probability 1 - exp(-adoption/12 s_k), s_ai = 1, s_robot = min(1, free
 * slots / robot candidates); when both are feasible the larger ln(C/theta)
 * wins, ties to AI. If robot adopters (over all ranks) outnumber free slots,
 * those with the smallest draws are kept, ties to the lower agent. *out gets
 * the counts (adopted after rationing). Returns SIM_ERR_MEMORY if the rare
 * rationing list cannot be allocated. */
SimStatus automation_decide(Exec *ex, const Agents *ag, const AutomationParams *ap,
                            const Technology *tech, const Machines *machines, AutomationWork *w,
                            int month, AutomationCounts *out, SimError *err);

/* Context of the apply kernel: made by automation_apply_prepare after
 * automation_decide. */
typedef struct AutomationApply {
    Agents *ag;                  /* borrowed; the adopters' status and slot change */
    const AutomationWork *w;     /* this month's decisions; borrowed */
    double beta[TECH_COUNT];     /* output elasticity by Tech [-] */
    double carried[TECH_COUNT][2]; /* machines' weight before the month (automation_apply_finish) */
    int month;                   /* recorded as the adopters' lost_month */
    bool active;                 /* false: the kernel does nothing */
} AutomationApply;

AutomationApply automation_apply_prepare(Agents *ag, const AutomationParams *ap,
                                         const AutomationWork *w, const Machines *machines,
                                         int month);

/* Kernel (BlockKernelFn, ctx an AutomationApply): the block's adopters' jobs go
 * to their machines (status AGENT_JUST_DISPLACED, lost_month = month; a slot
 * still human takes the Tech). Its BlockResult holds, at index 2 Tech + class, sum[] the block's
 * a theta^-beta in agent order and count[] its new slots. */
void automation_apply_kernel(const void *ctx, Block blk, BlockResult *out);

/* Adds the apply kernel's pass total to machines. For the bytes of the month
 * loop before the exec layer, W grows as ((W + s_0) + s_1) + ... over blocks:
 * block 0's sum carries W in (ctx->carried), so the pass's block-order total
 * is already the new W. */
void automation_apply_finish(const AutomationApply *ctx, const BlockResult *total,
                             Machines *machines);
