/* wages.h - The nominal wage index, its downward rigidity, and labour demand:
 * which human jobs pay their way at a real-wage gap (MODEL.md 4 step 7a, 4d). */
#pragma once

/* The wage index this month (MODEL.md 4 step 7a):
 *   W_t = max(P_t, (1 - d_t)^(1/12) W_{t-1}),  d_t = min(1, d0 + d1 u_{t-1}).
 * prev is W_{t-1} (1 before month 0) and price P_t [-]; d0 =
 * wages.max_cut_per_year, d1 = wages.max_cut_per_unemployment [1/year];
 * unemployment u_{t-1} [0, 1] is last month's (0 before month 0). Nominal
 * wages follow prices up at once and down by at most d_t a year; with d0 = 1,
 * W = P (version 1). Source of d0 0.04 / d1 0.4: MODEL.md 4d (Schmitt-Grohe &
 * Uribe 2016; US 1931-32 wages and unemployment). */
double wages_index(double prev, double price, double d0, double d1, double unemployment);

/* Exponent b = epsilon (1 - omega) / omega of the viable share S(g) for labour
 * share omega in (0, 1) and elasticity epsilon > 0 [-]. */
double wages_demand_exponent(double labour_share, double elasticity);

/* A line of work's viability from its uniform u in (0, 1] (MODEL.md 4d): the
 * largest real-wage gap at which its jobs pay their way,
 *   viab = (1 - c)/omega,  c = (1 - omega) u^(1/b),
 * in [1, 1/omega]; exactly 1 at u = 1, whatever the rounding. b from
 * wages_demand_exponent. */
double wages_viability(double u, double labour_share, double b);

/* Share of lines of work still viable at gap g >= 1 (MODEL.md 4d): the closed
 * form of P(viab >= g),
 *   S(g) = ((1 - omega g)/(1 - omega))^b  for g <= 1/omega, else 0,
 * a labour demand with elasticity -epsilon at g = 1 (Lichter, Peichl &
 * Siegloch 2015: about 0.4). */
double wages_viable_share(double gap, double labour_share, double b);
