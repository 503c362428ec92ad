/* technology.c - Capability paths, robot fleet and energy (MODEL.md section 3). */
#include "technology.h"

#include <math.h>

void technology_init(Technology *t, double fleet_max)
{
    *t = (Technology){.fleet_max = fleet_max};
}

void technology_advance(Technology *t, const AiParams *ai, const RobotParams *robots,
                        const EnergyParams *energy, double start_year, int month, double scale)
{
    const double years = month / 12.0;
    const double calendar = start_year + years;
    t->years = years;
    t->ai = ai->enabled ? pow(ai->growth_per_year, years) : 0.0;

    /* a month is a robot month when its calendar time has reached the start year;
     * the tolerance absorbs the rounding of start_year + m/12 */
    double robot_years = calendar - robots->start_year;
    bool active = robots->enabled && robot_years >= -1e-9;
    if (active) {
        if (robot_years < 0)
            robot_years = 0;
        double r = 1.0;
        for (int j = 0; j < robots->growth_factors; j++)
            r *= pow(robots->growth_per_year[j], robot_years);
        t->robot = r;
        if (!t->robots_active) {
            t->fleet = robots->fleet_initial < t->fleet_max ? robots->fleet_initial
                                                              : t->fleet_max;
        } else {
            double rate = robots->replication_per_year / 12.0;
            t->fleet += rate * t->fleet * (1.0 - t->fleet / t->fleet_max);
        }
    } else {
        t->robot = 0.0;
        t->fleet = 0.0;
    }
    t->robots_active = active;
    t->fleet_slots = (long long)floor(t->fleet / scale);

    double added_years = calendar - energy->added_start_year;
    t->energy_gw = energy->capacity_gw * pow(1.0 + energy->growth_per_year, years) +
                   energy->added_gw_per_year * (added_years > 0 ? added_years : 0.0);
    /* GW -> kW is 1e6; an average month has 730 hours */
    t->energy_kwh = t->energy_gw * 1e6 * 730.0;
    t->kwh_per_dollar[TECH_HUMAN] = 0.0;
    t->kwh_per_dollar[TECH_AI] = ai->kwh_per_dollar * pow(1.0 - ai->efficiency_gain_per_year, years);
    t->kwh_per_dollar[TECH_ROBOT] =
        robots->kwh_per_dollar * pow(1.0 - robots->efficiency_gain_per_year, years);
}

double technology_frontier_ai(const Technology *t) { return t->ai > 0 ? t->ai : 1.0; }

double technology_frontier_robot(const Technology *t)
{
    return t->robot > 0 ? t->robot : 1.0;
}
