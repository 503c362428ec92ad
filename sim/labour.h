/* labour.h - Re-employment of displaced workers in new human jobs: reinstatement
 * (MODEL.md section 4 step 3, and 4c). */
#pragma once
#include <gsl/gsl_rng.h>

#include "agents.h"
#include "technology.h"

/* Each agent displaced before this month finds a new job with probability
 * reemployment_per_year / 12. The new job's output is a (1 - skill_loss) (the
 * loss compounds) and its thresholds are set above today's frontier:
 * ln theta^k = ln frontier_k + new_task_headroom + sigma_k z. Agents displaced
 * this month lose their AGENT_JUST_DISPLACED mark and wait. block_rng: one
 * workspace generator per block (borrowed). seekers [n] and draws [n] are
 * scratch (job seekers of a block and their uniforms, at the block's offset).
 * Returns the number re-employed [agents]. */
long long labour_step(Agents *ag, const Params *p, const Technology *tech,
                      gsl_rng *const *block_rng, int month, uint32_t *seekers, double *draws);
