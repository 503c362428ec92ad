/* production.h - Human and machine output, and the energy cap (MODEL.md 4 step 4). */
#pragma once
#include <stdbool.h>

#include "agents.h"
#include "automation.h"
#include "exec.h"
#include "technology.h"

typedef struct Production {
    double trend;          /* (1+q)^years, productivity of human jobs [-] */
    double human;          /* Q_h = scale (1+q)^years sum over employed a [base-year $/month] */
    double human_base;     /* scale sum over employed a, without the trend [base-year $/month] */
    double machine_wanted; /* Q_m* = scale sum_k C_k^beta_k W_k [base-year $/month] */
    double machine;        /* Q_m = min(Q_m*, Qcap) [base-year $/month] */
    double machine_class[2]; /* Q_m by the class of the jobs the machines took [base-year $/month] */
    bool cap_binding;      /* Q_m* > Qcap: every machine slot scaled by Qcap / Q_m* */
    double output;         /* Q = Q_h + Q_m [base-year $/month] */
    long long employed[2]; /* employed agents by class [agents] */
} Production;

/* The kernel of step 4 over one block of `ag` (borrowed; read only): sum[0] =
 * sum of a over employed agents in agent order [base-year $/month per worker],
 * count[CLASS_WHITE], count[CLASS_BLUE] = employed agents by class. Run it in a
 * pass after re-employment, then production_output() on its totals. */
Kernel production_kernel(const Agents *ag);

/* This month's output from the kernel's totals (sums over every block, in block
 * order). scale is workers per agent; economy gives the trend q, ai and robots
 * the output elasticities beta_k; tech the capabilities, years and the cap
 * Qcap; machines the running sums of a theta^-beta per technology and class. */
void production_output(const BlockResult *totals, double scale, const EconomyParams *economy,
                       const AiParams *ai, const RobotParams *robots, const Technology *tech,
                       const Machines *machines, Production *out);
