/* automation.h - Which human-held jobs AI and robots take over each month
 * (MODEL.md version 2, section 4 step 2, and 4c).
 *
 * Three kernels over blocks (exec.h): candidates (who is feasible, for which
 * technology; bits before atoms: AI takes a blue-collar job only if
 * ai.automates_blue_collar), draws (who adopts, including the AI fallback of a
 * job that prefers robots, and each adopter's energy need), apply (the adopters'
 * jobs go to machines). Between the first two sits a global result (the robot
 * candidates, for the capacity slack s_robot); between the last two, the cuts
 * in their fixed order, each a global step over every rank: the robot fleet
 * (with the fallback to AI of the jobs it turns away), then energy (new slots
 * only in the free energy). The apply kernel has no global result before
 * production, so it is exported for the composition root to fuse with the
 * kernels that follow it in one pass.
 *
 * With energy.gates_adoption = false, ai.automates_blue_collar = true and
 * robots.ai_fallback = false the decisions are version 1's, bit for bit: the
 * same draws and the same choices. */
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
    long long robot_rationed;    /* robot adopters the full fleet turned away, whether or not
                                  * they then fell back to AI [agents] */
    long long ai_fallback;       /* jobs that preferred robots and went to AI (robots.ai_fallback),
                                  * after the energy cut; part of adopted[TECH_AI] [agents] */
    long long energy_held_back;  /* adopters kept human for lack of free energy [agents] */
} AutomationCounts;

/* The parameters automation reads: groups of Params (borrowed), or hand-made
 * ones in a test. The three version-2 switches are read here, not from the
 * groups' copies, so that a test sets them without making groups. */
typedef struct AutomationParams {
    const AiParams *ai;        /* output_elasticity beta_ai; borrowed */
    const RobotParams *robots; /* output_elasticity beta_robot; borrowed */
    double adoption_per_year;  /* labor.adoption_per_year: hazard of a feasible job [1/year] */
    uint64_t seed;             /* run.seed: addresses the adoption draws */
    bool automates_blue_collar; /* ai.automates_blue_collar: AI may take blue-collar jobs */
    bool ai_fallback;           /* robots.ai_fallback: a job robots do not take may go to AI */
    bool gates_adoption;        /* energy.gates_adoption: new slots only in free energy */
} AutomationParams;

/* Scratch memory, made once per run. The [n] arrays are indexed by agent and
 * hold this process's agents [first, end) (agents.h). They are borrowed: they
 * live in storage the caller lends (automation_work_create_span) and are live
 * only from the
 * start of automation_decide (or automation_step) to the end of the pass that
 * runs automation_apply_kernel; between months the lender may use that storage
 * for anything, and nothing here reads what it left (every entry is written
 * before it is read). */
typedef struct AutomationWork {
    /* Candidates (employed agents with a feasible job) of block b, in agent
     * order, are entries exec_block_begin(b) .. exec_block_begin(b) + count[b] - 1
     * of agent, target, draw and decision. */
    uint32_t *agent;     /* candidate's agent index [n]; borrowed (lists) */
    uint8_t *target;     /* Tech the candidate's job would go to, plus a flag bit when that is
                          * robots and the job may fall back to AI [n]; borrowed (lists) */
    uint8_t *decision;   /* Tech adopted (TECH_HUMAN: stays human, and past a block's
                          * candidates) [n]; borrowed (lists) */
    double *draw;        /* the adoption uniform [n]; borrowed; live in automation_decide only */
    double *need;        /* energy the adopter's new slot needs, kappa_k scale a (C_k/theta)^beta_k,
                          * set for adopters only and only while the energy gate has energy
                          * to share [kWh/month] [n]; borrowed; live in automation_decide only */
    int *count;          /* candidates per block [blocks]; owned */
    bool decided;        /* this month's decisions are in; false: nothing to apply */
    int n;               /* agents in the whole run */
} AutomationWork;

/* Makes the scratch of the agents [first, end) of a run of n (this process's
 * blocks, exec_agent_range; 0 and n in one process) in borrowed storage, which
 * must outlive it and which it never frees. draw, need and lists are indexed
 * by agent, as the agents' arrays are (exec_span_alloc), and each must be
 * valid for entries [first, end) at least: draw and need doubles, lists
 * doubles' worth (8 bytes an agent from malloc at lists + first; it holds
 * agent, 4 bytes an agent, then target and decision, one byte an agent each,
 * 2 bytes an agent unused). Only the per-block counts (every block's) are
 * allocated here. A caller that lends storage it uses for something else must
 * not use it from automation_decide to the end of the apply kernel's pass
 * (sim.c lends the incomes and metrics scratch, live only in steps 5-8).
 * Returns NULL if out of memory or a buffer is NULL. */
AutomationWork *automation_work_create_span(int n, int first, int end, double *draw,
                                            double *need, double *lists);

/* automation_work_create_span for every agent, first = 0 and end = n: draw,
 * need and lists n doubles each (lists from malloc). */
AutomationWork *automation_work_create(int n, double *draw, double *need, void *lists);
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
 * need free fleet slots, fleet_slots minus the machines' robot slots; AI a
 * white-collar job unless ap->automates_blue_collar) adopts with probability
 * p_k = 1 - exp(-adoption/12 s_k), s_ai = 1, s_robot = min(1, free slots /
 * robot candidates), one uniform u_i per candidate deciding; when both are
 * feasible the larger ln(C/theta) wins, ties to AI. Then, in this order:
 * - fleet: if robot adopters (over all ranks) outnumber free slots, those with
 *   the smallest u are kept, ties to the lower agent;
 * - AI fallback (ap->ai_fallback): a job robots win but do not take (u_i >=
 *   p_robot, or cut by the fleet) goes to AI if AI is feasible and allowed for
 *   it and u_i < p_ai;
 * - energy (ap->gates_adoption): free = max(0, E-hat - sum_k kappa_k Q*_k,old)
 *   [kWh/month], Q*_k,old = ag->scale C_k^beta_k (W_k,white + W_k,blue) of the
 *   machines before this month; adopter j of Tech k needs kappa_k scale a_j
 *   (C_k/theta_j)^beta_k. If all adopters together need more than free, they
 *   are kept in increasing order of (u, agent) while the cumulative need
 *   stays within free, stopping at the first that does not fit; the rest stay
 *   human this month. free = 0: nobody adopts. The kept set does not depend on
 *   threads or ranks.
 * *out gets the counts (adopted after every cut). Returns SIM_ERR_MEMORY if the
 * list of a cut (fleet or energy, allocated only when one happens) cannot be
 * allocated. */
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
