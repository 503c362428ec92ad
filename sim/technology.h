/* technology.h - AI and robot capability, the robot fleet, energy capacity and
 * each technology's energy per dollar, month by month (MODEL.md section 3). */
#pragma once
#include <stdbool.h>

#include "agents.h"
#include "params.h"

typedef struct Technology {
    double years;          /* years since month 0 [year] */
    double ai;             /* A(t), 0 when AI is disabled [-] */
    double robot;          /* R(t), 0 before robots.start_year or when disabled [-] */
    bool robots_active;    /* robots enabled and start year reached */
    double fleet;          /* F(t) [job-equivalents]; state carried month to month */
    double fleet_max;      /* Fmax [job-equivalents] */
    long long fleet_slots; /* floor(F / scale): agent slots robots can run [agents] */
    double energy_gw;      /* E(t) [GW] */
    double energy_kwh;     /* E-hat = E 1e6 730: energy machines may use this month [kWh/month] */
    double kwh_per_dollar[TECH_COUNT]; /* kappa_k(t) by Tech, the TECH_HUMAN entry 0 [kWh per base-year $] */
} Technology;

/* Starts the state before month 0 (fleet 0). fleet_max from params_fleet_max(). */
void technology_init(Technology *t, double fleet_max);

/* Advances t to `month` (called for month = 0, 1, 2, ... in order): capability,
 * fleet (fleet_initial in the first month at or after robots.start_year, then
 * F += r F (1 - F/Fmax) with r = replication_per_year / 12), energy capacity
 * E = E0 (1+g)^years + added max(0, years since added_start_year) and
 * kappa_k = k.kwh_per_dollar (1 - k.efficiency_gain_per_year)^years (AI:
 * Koomey & Naffziger 2016; robots: EIA energy intensity, MODEL.md 3).
 * start_year is run.start_year [year]; scale is workers per agent, for
 * fleet_slots. */
void technology_advance(Technology *t, const AiParams *ai, const RobotParams *robots,
                        const EnergyParams *energy, double start_year, int month, double scale);

/* Capability a new job's thresholds are set above (MODEL.md 4c): A(t), and R(t)
 * or 1 before robots start; 1 for a disabled technology. */
double technology_frontier_ai(const Technology *t);
double technology_frontier_robot(const Technology *t);
