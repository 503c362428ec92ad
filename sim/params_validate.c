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
