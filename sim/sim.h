/* sim.h - One simulation run: owns the agents, the technology state and the
 * workspaces, runs the months in MODEL.md's order and keeps the series. */
#pragma once
#include "metrics.h"
#include "params.h"
#include "status.h"

/* What a finished (or running) simulation has recorded. Arrays hold one value
 * per month for months 0 .. months_done - 1. */
typedef struct Results {
    int months;             /* capacity: run.months */
    int months_done;
    double *series[SERIES_COUNT]; /* series[s][m]; NaN only in nullable series (written null); owned */
    int n_occ;
    double *occ_employed;   /* [o * months + m] employed workers of occupation o; owned */
    double *occ_automated;  /* [o * months + m] workers of o whose starting job is machine-run; owned */
    double *occ_income;     /* [o * months + m] mean real income of o's workers [base-year $/year]; owned */
    double scale;           /* workers per agent */
    double labor_share;     /* omega [-] */
    double wage_factor;     /* factor the table's wages were scaled by to meet omega [-] */
    long long agents_per_class[2];
} Results;

typedef struct Sim Sim;

/* Phases of a run, for the benchmark's time split. */
typedef enum SimPhase {
    PHASE_INIT,       /* sim_create: agents and workspaces */
    PHASE_AUTOMATION, /* technology and automation's decisions */
    PHASE_PRODUCTION, /* one pass: the adopters displaced, re-employment, output, occupation counts */
    PHASE_POLICY,     /* money rule and crediting new money */
    PHASE_SPENDING,   /* velocity, prices, expectations */
    PHASE_INCOMES,    /* one pass: incomes and the metrics' sums */
    PHASE_METRICS,    /* quantiles, Gini, series */
    PHASE_COUNT
} SimPhase;

/* Wall seconds spent so far in each phase [s]; phases[0..PHASE_COUNT-1]. */
const double *sim_phase_seconds(const Sim *sim);

/* Creates a run from validated params (borrowed: they must outlive the Sim) and
 * initialises the agents. Returns NULL with err set on failure. */
Sim *sim_create(const Params *p, SimError *err);

/* Frees the run; NULL is allowed. */
void sim_destroy(Sim *sim);

/* Runs one month in this order (MODEL.md 4): technology, automation,
 * re-employment, production, money policy, spending and prices, incomes,
 * metrics. Returns SIM_ERR_NUMERIC naming the month and the quantity if a state
 * variable becomes NaN or infinite (and records nothing for that month). */
SimStatus sim_step(Sim *sim, SimError *err);

/* Months run so far. */
int sim_months_done(const Sim *sim);

/* The recorded results (borrowed; valid until sim_destroy). */
const Results *sim_results(const Sim *sim);
