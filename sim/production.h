/* production.h - Human and machine output, and the energy cap (MODEL.md 4 step 4). */
#pragma once
#include <stdbool.h>

#include "agents.h"
#include "automation.h"
#include "technology.h"

typedef struct Production {
    double human;          /* Q_h = scale (1+q)^years sum over employed a [base-year $/month] */
    double human_base;     /* scale sum over employed a, without the trend [base-year $/month] */
    double machine_wanted; /* Q_m* = scale sum_k C_k^beta_k W_k [base-year $/month] */
    double machine;        /* Q_m = min(Q_m*, Qcap) [base-year $/month] */
    double machine_class[2]; /* Q_m by the class of the jobs the machines took [base-year $/month] */
    bool cap_binding;      /* Q_m* > Qcap: every machine slot scaled by Qcap / Q_m* */
    double output;         /* Q = Q_h + Q_m [base-year $/month] */
    long long employed[2]; /* employed agents by class [agents] */
} Production;

/* Computes this month's output. block_sums must hold 3 * block_count(n) doubles
 * (scratch). Sums are per block, added in block order. */
void production_compute(const Agents *ag, const Params *p, const Technology *tech,
                        const Machines *machines, double *block_sums, Production *out);
