/* clock.h - The program's one clock: monotonic wall time for phase timings,
 * progress lines and the benchmark. Never read by the model, so it cannot
 * change results. */
#pragma once

/* Seconds since an arbitrary fixed point (CLOCK_MONOTONIC) [s]; about 20 ns a call. */
double clock_seconds(void);
