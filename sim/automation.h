/* automation.h - Which human-held jobs AI and robots take over each month
 * (MODEL.md section 4 step 2, and 4c). */
#pragma once
#include <stdint.h>

#include "agents.h"
#include "technology.h"

/* Machine-run slots. A slot keeps its job's base output a and threshold theta
 * and is never retired; its output a (C/theta)^beta = C^beta (a theta^-beta), so
 * the running sum of a theta^-beta per technology is all production needs. */
typedef struct Machines {
    double weight[TECH_COUNT][2];   /* [Tech][class] sum of a theta^-beta [base-year $/month per agent] */
    long long slots[TECH_COUNT][2]; /* [Tech][class] machine-run slots [agents] */
} Machines;

/* What automation did this month. */
typedef struct AutomationCounts {
    long long adopted[TECH_COUNT]; /* jobs taken over, by Tech [agents] */
    long long robot_candidates;  /* jobs robots were chosen for and could take [agents] */
    long long robot_rationed;    /* adopters turned away because the fleet was full [agents] */
} AutomationCounts;

/* Scratch memory, allocated once per run. */
typedef struct AutomationWork {
    /* Candidates (employed agents with a feasible job) of block b, in agent
     * order, are entries block_begin(b) .. block_begin(b) + count[b] - 1 of
     * agent, tech, draw and decision. */
    uint32_t *agent;     /* candidate's agent index [n]; owned */
    uint8_t *tech;       /* Tech the candidate's job would go to [n]; owned */
    uint8_t *decision;   /* Tech adopted (TECH_HUMAN: stays human) [n]; owned */
    double *draw;        /* the adoption uniform [n]; owned */
    int *count;          /* candidates per block [blocks]; owned */
    double *block_weight;/* 4 per block; owned */
    int n;
} AutomationWork;

/* Allocates scratch for n agents; NULL if out of memory. */
AutomationWork *automation_work_create(int n);
void automation_work_destroy(AutomationWork *w);

/* Runs step 2 for `month`: every employed agent whose job is feasible (capability
 * >= theta; robots also need free fleet slots) is automated with probability
 * 1 - exp(-adoption/12 s_k), s_ai = 1, s_robot = min(1, free slots / robot
 * candidates); when both are feasible the larger ln(C/theta) wins, ties to AI.
 * If robot adopters outnumber free slots, those with the smallest draws are kept.
 * Displaced agents get AGENT_JUST_DISPLACED; machines gains their slots.
 * Returns
 * SIM_ERR_MEMORY if the rare rationing list cannot be allocated. */
SimStatus automation_step(Agents *ag, const Params *p, const Technology *tech, Machines *machines,
                          AutomationWork *w, int month, AutomationCounts *out, SimError *err);
