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
    double claim_base;     /* scale sum over UI claimants' a, without the trend [base-year $/month] */
    double machine_wanted; /* Q_m* = scale sum_k C_k^beta_k W_k [base-year $/month] */
    double machine_wanted_tech[TECH_COUNT]; /* Q*_k by Tech [base-year $/month] */
    double energy_wanted;  /* N_E = sum_k kappa_k Q*_k [kWh/month] */
    double energy_scale;   /* f = E-hat / N_E when the cap binds, else 1 [-] */
    double machine;        /* Q_m = f Q_m* [base-year $/month] */
    double machine_tech[TECH_COUNT]; /* Q_m by Tech [base-year $/month] */
    double machine_class[2]; /* Q_m by the class of the jobs the machines took [base-year $/month] */
    bool cap_binding;      /* N_E > E-hat: every machine slot's output scaled by f */
    double output;         /* Q = Q_h + Q_m [base-year $/month] */
    long long employed[2]; /* employed agents by class [agents] */
} Production;

/* Context of the production kernel. */
typedef struct ProductionPass {
    const Agents *ag; /* borrowed; read only */
    int month;
    int ui_months;    /* policy.fiscal.ui_months, 0 when no UI is paid */
} ProductionPass;

/* The kernel of step 4 over one block (ctx a ProductionPass): sum[0] = sum of a
 * over employed agents in agent order [base-year $/month per worker], sum[1] =
 * sum of a over the displaced who claim UI this month (incomes_claims_ui; 0
 * without UI), count[CLASS_WHITE], count[CLASS_BLUE] = employed agents by
 * class. Run it in a pass after labour, then production_output() on its totals. */
Kernel production_kernel(const ProductionPass *pass);

/* This month's output from the kernel's totals (sums over every block, in block
 * order). scale is workers per agent; economy gives the trend q, ai and robots
 * the output elasticities beta_k; tech the capabilities, years, energy E-hat
 * and kappa_k; machines the running sums of a theta^-beta per technology and
 * class. Energy needed N_E = sum_k kappa_k Q*_k; above E-hat every slot's
 * output is scaled by f = E-hat / N_E (MODEL.md 4 step 4). */
void production_output(const BlockResult *totals, double scale, const EconomyParams *economy,
                       const AiParams *ai, const RobotParams *robots, const Technology *tech,
                       const Machines *machines, Production *out);
