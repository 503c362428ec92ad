/* params_validate.c - The checks that involve several parameters, made once
 * after every file and --set override is applied (the occupation table first,
 * as other checks read it). */
#include "params.h"
#include "params_spec.h"

#include <math.h>
#include <stdio.h>

#include "occupations.h"

double params_fleet_max(const Params *p)
{
    if (p->robots.fleet_max > 0)
        return p->robots.fleet_max;
    double blue = 0;
    for (int o = 0; o < p->occupations.count; o++)
        if (p->occupations.rows[o].job_class == CLASS_BLUE)
            blue += p->occupations.rows[o].employment;
    return blue;
}

static const char *origin_of(const Params *p, const char *key)
{
    int index = 0;
    params_spec_find(key, &index);
    return p->origin[index];
}

/* The "dfa" Lorenz curve of MODEL.md 2 must be a Lorenz curve: its points in
 * order (s < 0.5, the shares summing to at most 1) and its slopes rising from
 * segment to segment (convex), the Pareto tail's slope at rank 0.99 included. */
static SimStatus validate_dfa(const Params *p, SimError *err)
{
    const OwnershipParams *o = &p->ownership;
    if (o->distribution != OWNERSHIP_DFA)
        return SIM_OK;
    const double s = o->non_owner_share, b50 = o->share_bottom50, m40 = o->share_50_90,
                 t1 = o->share_top1;
    if (s >= 0.5)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "ownership.non_owner_share = %g (%s) must be below 0.5 with "
                        "ownership.distribution = \"dfa\": the bottom 50 %% of ranks hold "
                        "ownership.share_bottom50; use \"pareto\" for a larger non-owner share",
                        s, origin_of(p, "ownership.non_owner_share"));
    const double top9 = 1.0 - b50 - m40 - t1; /* ranks 90-99 % get the rest */
    if (top9 < 0)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "ownership.share_bottom50 + share_50_90 + share_top1 = %g + %g + %g = %g "
                        "is above 1 (%s, %s, %s); ranks 90-99 %% would hold a negative share",
                        b50, m40, t1, b50 + m40 + t1, origin_of(p, "ownership.share_bottom50"),
                        origin_of(p, "ownership.share_50_90"), origin_of(p, "ownership.share_top1"));
    const double slope[] = {b50 / (0.5 - s), m40 / 0.4, top9 / 0.09,
                            t1 * (1.0 - 1.0 / o->top_alpha) / 0.01};
    static const char *const segment[] = {"the bottom 50 %", "ranks 50-90 %", "ranks 90-99 %",
                                          "the top 1 % (its Pareto tail at rank 99 %)"};
    for (int j = 1; j < 4; j++)
        if (slope[j] < slope[j - 1])
            return sim_fail(err, SIM_ERR_CONFIG,
                            "ownership shares break the Lorenz curve's convexity: %s hold %g per "
                            "unit of rank, less than the %g of %s below them (a richer group "
                            "would own less per head); check ownership.share_bottom50 = %g (%s), "
                            "share_50_90 = %g (%s), share_top1 = %g (%s), top_alpha = %g (%s), "
                            "non_owner_share = %g (%s)",
                            segment[j], slope[j], slope[j - 1], segment[j - 1], b50,
                            origin_of(p, "ownership.share_bottom50"), m40,
                            origin_of(p, "ownership.share_50_90"), t1,
                            origin_of(p, "ownership.share_top1"), o->top_alpha,
                            origin_of(p, "ownership.top_alpha"), s,
                            origin_of(p, "ownership.non_owner_share"));
    return SIM_OK;
}

SimStatus params_validate(Params *p, SimError *err)
{
    SimStatus st;
    /* messages about a CSV table name both the CSV and the setting that named it */
    char origin[PARAM_PATH_MAX + PARAM_ORIGIN_MAX + 64];
    snprintf(origin, sizeof origin, "%s", p->occupations_origin);
    if (p->data.occupations_csv[0] != '\0') {
        snprintf(origin, sizeof origin, "%s (data.occupations_csv, %s)", p->data.occupations_csv,
                 p->occupations_origin);
        if (p->occupations.count == 0) {
            char where[PARAM_ORIGIN_MAX + 4];
            snprintf(where, sizeof where, "%s: ", p->occupations_origin);
            OccupationTable table = {0};
            params_note_input(p, p->data.occupations_csv);
            if ((st = occupations_load_csv(p->data.occupations_csv, where, &table, err)) != SIM_OK)
                return st;
            p->occupations = table;
        }
    }
    if (p->occupations.count == 0)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "the occupation table is empty: give `occupations = ( {...}, ... );` in a "
                        "config (see configs/tables/us_occupations.cfg) or data.occupations_csv");
    if ((st = occupations_finish(&p->occupations, p->data.employment_total, origin, err)) !=
        SIM_OK)
        return st;
    if (p->money.velocity_min > p->money.velocity_max)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "money.velocity_min = %g (%s) is above money.velocity_max = %g (%s)",
                        p->money.velocity_min, origin_of(p, "money.velocity_min"),
                        p->money.velocity_max, origin_of(p, "money.velocity_max"));
    if (p->money.velocity_mode == VELOCITY_HOARDING &&
        (p->money.velocity < p->money.velocity_min || p->money.velocity > p->money.velocity_max))
        return sim_fail(err, SIM_ERR_CONFIG,
                        "money.velocity = %g must lie in [money.velocity_min, money.velocity_max] "
                        "= [%g, %g] when money.velocity_mode = \"hoarding\"",
                        p->money.velocity, p->money.velocity_min, p->money.velocity_max);
    if ((st = validate_dfa(p, err)) != SIM_OK)
        return st;
    /* viab = (1 - c)/omega with c = (1 - omega) u^(1/b): omega = 1 makes every
     * line of work's viability exactly 1, so the first real-wage gap above 1
     * would lay off every worker at once (MODEL.md 4d) */
    if (p->economy.labor_share >= 1 && p->wages.max_cut_per_year < 1)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "economy.labor_share = 1 (%s) with sticky wages (wages.max_cut_per_year "
                        "= %g, %s): at a labour share of 1 no job carries other costs, every "
                        "job's viability is exactly 1 and the first real-wage gap above 1 lays "
                        "off every worker; use a labour share below 1 (the default 0.6) or "
                        "wages.max_cut_per_year = 1",
                        origin_of(p, "economy.labor_share"), p->wages.max_cut_per_year,
                        origin_of(p, "wages.max_cut_per_year"));
    double non_owners = floor(p->ownership.non_owner_share * (double)p->run.agents);
    if (p->ownership.distribution == OWNERSHIP_PARETO && non_owners >= (double)p->run.agents)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "ownership.non_owner_share = %g leaves no owner among run.agents = %lld; "
                        "capital income would have nobody to go to",
                        p->ownership.non_owner_share, (long long)p->run.agents);
    if (p->robots.enabled && params_fleet_max(p) <= 0)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "robots.fleet_max = 0 means all blue-collar employment, but the occupation "
                        "table has none; set robots.fleet_max > 0 or robots.enabled = false");
    return SIM_OK;
}
