/* test_technology.c - Capability paths, robot fleet and energy cap (MODEL.md 3, 4c). */
#include "technology.h"
#include "test.h"

static int paths_should_match_closed_forms(void)
{
    Params p;
    params_set_defaults(&p);
    Technology t;
    technology_init(&t, 6.4e7);
    const double scale = 1555.0;
    for (int m = 0; m <= 40; m++) {
        technology_advance(&t, &p.ai, &p.robots, &p.energy, p.run.start_year, m, scale);
        double years = m / 12.0, calendar = 2026.0 + years;
        CHECK_REL(t.ai, pow(10.0, years), 1e-14);
        if (calendar < 2027.0 - 1e-9) {
            CHECK(t.robot == 0.0 && t.fleet == 0.0 && t.fleet_slots == 0);
        } else {
            double ry = calendar - 2027.0;
            CHECK_REL(t.robot, pow(2.0, ry) * pow(1.5, ry) * pow(1.5, ry), 1e-12);
        }
        if (m == 12) /* first robot month: the initial fleet */
            CHECK(t.fleet == 1e4 && t.fleet_slots == 6); /* floor(1e4 / 1555) = 6 */
        /* E = 30 * 1.15^years (no additions before 2030), E-hat = E 1e6 730 kWh a
         * month; kappa_ai = 0.05 * (1 - 0.234)^years, kappa_robot = 0.04 * 0.98^years */
        double E = 30.0 * pow(1.15, years);
        CHECK_REL(t.energy_gw, E, 1e-14);
        CHECK_REL(t.energy_kwh, E * 1e6 * 730.0, 1e-14);
        CHECK_REL(t.kwh_per_dollar[TECH_AI], 0.05 * pow(0.766, years), 1e-14);
        CHECK_REL(t.kwh_per_dollar[TECH_ROBOT], 0.04 * pow(0.98, years), 1e-14);
        CHECK(t.kwh_per_dollar[TECH_HUMAN] == 0.0);
    }
    params_free(&p);
    return 0;
}

static int fleet_should_grow_logistically_after_the_first_month(void)
{
    Params p;
    params_set_defaults(&p);
    p.robots.start_year = 2026.0;
    Technology t;
    const double fmax = 5e4;
    technology_init(&t, fmax);
    technology_advance(&t, &p.ai, &p.robots, &p.energy, p.run.start_year, 0, 10.0);
    CHECK(t.fleet == 1e4);
    double f = 1e4;
    for (int m = 1; m < 200; m++) {
        technology_advance(&t, &p.ai, &p.robots, &p.energy, p.run.start_year, m, 10.0);
        f += 1.5 / 12.0 * f * (1.0 - f / fmax); /* F += r F (1 - F/Fmax), r = 1.5/12 */
        CHECK_REL(t.fleet, f, 1e-12);
        CHECK(t.fleet <= fmax);
    }
    CHECK_REL(t.fleet, fmax, 1e-6);
    params_free(&p);
    return 0;
}

static int disabled_or_added_energy_should_follow_params(void)
{
    Params p;
    params_set_defaults(&p);
    p.ai.enabled = false;
    p.robots.enabled = false;
    p.energy.added_gw_per_year = 100.0;
    Technology t;
    technology_init(&t, 1.0);
    technology_advance(&t, &p.ai, &p.robots, &p.energy, p.run.start_year, 60, 1.0); /* 2031.0: one year of additions */
    CHECK(t.ai == 0.0 && t.robot == 0.0 && t.fleet == 0.0);
    CHECK_REL(t.energy_gw, 30.0 * pow(1.15, 5.0) + 100.0, 1e-14);
    CHECK(technology_frontier_ai(&t) == 1.0 && technology_frontier_robot(&t) == 1.0);
    params_free(&p);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(paths_should_match_closed_forms, failures);
    RUN(fleet_should_grow_logistically_after_the_first_month, failures);
    RUN(disabled_or_added_energy_should_follow_params, failures);
    return failures != 0;
}
