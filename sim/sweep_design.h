/* sweep_design.h - Sampled sweep designs on the unit hypercube [0,1]^k: a
 * Latin hypercube, Saltelli's A/B/AB scheme on a Sobol sequence (for Sobol
 * indices), and Morris trajectories (for elementary effects). sweep.c scales
 * the points to each key's [LO, HI]; analysis/sensitivity.py reads them back. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "status.h"

typedef enum SweepDesign { SWEEP_DESIGN_LHS, SWEEP_DESIGN_SOBOL, SWEEP_DESIGN_MORRIS } SweepDesign;

enum {
    SWEEP_SOBOL_MAX_KEYS = 20, /* GSL's gsl_qrng_sobol has 40 dimensions: A and B take 2k */
    SWEEP_MORRIS_LEVELS = 4,   /* p: each factor takes the levels 0, 1/3, 2/3, 1 */
    SWEEP_DESIGN_MAX_SAMPLES = 100000
};

/* The step of a Morris trajectory in unit terms: p / (2 (p - 1)) = 2/3 for p = 4
 * (Morris 1991, Technometrics 33:161; Campolongo et al. 2007, Environ. Model.
 * Softw. 22:1509). */
#define SWEEP_MORRIS_DELTA (SWEEP_MORRIS_LEVELS / (2.0 * (SWEEP_MORRIS_LEVELS - 1)))

/* The design named "lhs", "sobol" or "morris" into *d; false for any other name. */
bool sweep_design_parse(const char *name, SweepDesign *d);

/* "lhs", "sobol" or "morris". */
const char *sweep_design_name(SweepDesign d);

/* The number of points of `samples` samples of a design over k keys: lhs
 * samples; sobol samples (k + 2) (per sample the rows A, B, AB_1..AB_k);
 * morris samples (k + 1) (one trajectory of k + 1 points per sample). */
long sweep_design_points(SweepDesign d, int samples, int k);

/* Fills u[i k + j] in [0, 1] (point i, key j) for the sweep_design_points()
 * points of the design:
 *   lhs     point i's coordinate j is (pi_j(i) + U) / samples, with pi_j one
 *           gsl_ran_shuffle of 0..samples-1 per key and U uniform, both drawn
 *           from RNG stream RNG_STREAM_DESIGN at (seed, month j, agent 0):
 *           every key has exactly one point in each of its samples strata;
 *   sobol   Saltelli et al. (2010, Comput. Phys. Commun. 181:259) on the
 *           2k-dimensional Sobol sequence from its origin (sample 0; GSL's
 *           gsl_qrng_sobol gives the points after it, samples 1, 2, ...), so
 *           that 2^m samples are a whole net (Owen 2020, "On dropping the first
 *           Sobol' point"), under a random digital shift: every coordinate's
 *           30 bits XOR one word per dimension d, drawn from RNG_STREAM_DESIGN
 *           at (seed, month d, agent 2) (Dick & Pillichshammer 2010, "Digital
 *           Nets and Sequences").
 *           Without the shift the origin and 1/2 have A = B, and about 2 %
 *           of later A and B coordinates coincide, each an AB^(i) equal to A.
 *           A_s is the first k coordinates of sample s, B_s the last k;
 *           points (k + 2) s + 0, + 1 and + 1 + i are A_s, B_s and
 *           AB_s^(i) = A_s with coordinate i taken from B_s;
 *   morris  trajectory s (RNG_STREAM_DESIGN at (seed, month s, agent 1)): each
 *           key gets a direction (up or down) and a start level that lets it
 *           step SWEEP_MORRIS_DELTA that way, the keys a random order; point
 *           (k + 1) s is the start, each next point moves the next key in that
 *           order by one step, so consecutive points differ in exactly one key.
 * Returns SIM_ERR_USAGE for samples outside [1, SWEEP_DESIGN_MAX_SAMPLES] (2
 * for sobol), k outside [1, SWEEP_SOBOL_MAX_KEYS] for sobol, SIM_ERR_MEMORY. */
SimStatus sweep_sample(SweepDesign d, int samples, int k, uint64_t seed, double *u, SimError *err);
