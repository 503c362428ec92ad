/* params_table.c - The parameter table: one row per key with its type, default,
 * range, unit and help text, and what is read straight from it (defaults,
 * lookup by key, "did you mean" hints, what a row accepts). Loading is in
 * params.c, writing values in params_text.c. */
#include "params.h"
#include "params_spec.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "suggest.h"

#define ROW(key, type, field, def, lo, hi, open, names, unit, help)                                \
    {key, type, offsetof(Params, field), def, lo, hi, open, names, unit, help}

/* Upper bound of run.agents: agent indices are 32-bit and random streams are keyed by
 * a 32-bit agent counter. Upper bound of run.months: 1000 years. */
// clang-format off
static const ParamSpec SPECS[] = {
    ROW("run.agents", PARAM_INT, run.agents, 100000, 1, 2147483647, 0, NULL, "agents", "simulated agents N; each stands for L/N workers"),
    ROW("run.months", PARAM_INT, run.months, 180, 1, 12000, 0, NULL, "months", "months simulated"),
    ROW("run.seed", PARAM_SEED, run.seed, 1, 0, 9223372036854775807.0, 0, NULL, "-", "master seed of every random draw"),
    ROW("run.start_year", PARAM_DOUBLE, run.start_year, 2026.0, 1800, 3000, 0, NULL, "year", "calendar year of month 0"),
    ROW("money.stock", PARAM_DOUBLE, money.stock, 21.5e12, 0, 1e18, 1, NULL, "nominal $", "money stock M0 (US M2 late 2024, FRED M2SL)"),
    ROW("money.velocity", PARAM_DOUBLE, money.velocity, 1.36, 0, 12, 1, NULL, "1/year", "velocity V0 (US M2 velocity 2024, FRED M2V)"),
    ROW("money.velocity_mode", PARAM_ENUM, money.velocity_mode, VELOCITY_FIXED, 0, 0, 0, "fixed|hoarding", "-", "fixed V, or Cagan money demand V0 exp(alpha pi_e)"),
    ROW("money.hoarding", PARAM_DOUBLE, money.hoarding, 1.0, 0, 100, 0, NULL, "years", "alpha: semi-elasticity of velocity to expected inflation"),
    ROW("money.expectation_speed", PARAM_DOUBLE, money.expectation_speed, 0.5, 0, 12, 0, NULL, "1/year", "beta: speed of adaptive inflation expectations"),
    ROW("money.velocity_min", PARAM_DOUBLE, money.velocity_min, 0.3, 0, 12, 1, NULL, "1/year", "lower clamp of hoarding velocity"),
    ROW("money.velocity_max", PARAM_DOUBLE, money.velocity_max, 5.0, 0, 12, 1, NULL, "1/year", "upper clamp of hoarding velocity (at most 12: nobody spends more than they hold)"),
    ROW("economy.productivity_growth_per_year", PARAM_DOUBLE, economy.productivity_growth_per_year, 0.015, -0.5, 1, 0, NULL, "1/year", "trend growth q of human output"),
    ROW("economy.labor_share", PARAM_DOUBLE, economy.labor_share, 0.6, 0, 1, 0, NULL, "-", "labour share omega (BLS private business, compensation incl. benefits, about 0.60 in 2022, MPU4900141); 0 = derived from the table's wages unscaled (version 1)"),
    ROW("population.wage_sigma", PARAM_DOUBLE, population.wage_sigma, 0.5, 0, 3, 0, NULL, "-", "sigma of the mean-preserving lognormal wage within an occupation"),
    ROW("ai.enabled", PARAM_BOOL, ai.enabled, 1, 0, 1, 0, NULL, "-", "AI automates jobs"),
    ROW("ai.growth_per_year", PARAM_DOUBLE, ai.growth_per_year, 10.0, 0, 1e6, 1, NULL, "factor/year", "AI capability A(t) = growth^years (the seed's 10x a year)"),
    ROW("ai.threshold", PARAM_DOUBLE, ai.threshold, 1.0, 0, 1e12, 1, NULL, "-", "capability a fully AI-exposed job needs"),
    ROW("ai.difficulty_span", PARAM_DOUBLE, ai.difficulty_span, 6.9, 0, 100, 0, NULL, "-", "ln of the extra capability an unexposed job needs (6.9 = ln 1000)"),
    ROW("ai.threshold_sigma", PARAM_DOUBLE, ai.threshold_sigma, 1.0, 0, 20, 0, NULL, "-", "sd of ln threshold within an occupation"),
    ROW("ai.output_elasticity", PARAM_DOUBLE, ai.output_elasticity, 0.5, 0, 3, 0, NULL, "-", "machine output of an AI slot a (A/theta)^beta"),
    ROW("ai.automates_blue_collar", PARAM_BOOL, ai.automates_blue_collar, 0, 0, 1, 0, NULL, "-", "software alone may take blue-collar jobs (version 1: true)"),
    ROW("ai.kwh_per_dollar", PARAM_DOUBLE, ai.kwh_per_dollar, 0.05, 0, 1e3, 1, NULL, "kWh/base-year $", "energy per dollar of AI output at month 0"),
    ROW("ai.efficiency_gain_per_year", PARAM_DOUBLE, ai.efficiency_gain_per_year, 0.234, 0, 0.99, 0, NULL, "1/year", "yearly fall of AI's energy per dollar (computing efficiency doubling every 2.6 years, Koomey & Naffziger 2016)"),
    ROW("robots.enabled", PARAM_BOOL, robots.enabled, 1, 0, 1, 0, NULL, "-", "humanoid robots automate jobs"),
    ROW("robots.start_year", PARAM_DOUBLE, robots.start_year, 2027.0, 1800, 3000, 0, NULL, "year", "calendar year robots start"),
    ROW("robots.growth_per_year", PARAM_FACTORS, robots.growth_per_year, 0, 0, 1e6, 1, NULL, "factor/year", "R(t) = product of factors^years since start (software, chips, dexterity)"),
    ROW("robots.threshold", PARAM_DOUBLE, robots.threshold, 1.0, 0, 1e12, 1, NULL, "-", "capability a fully robot-exposed job needs"),
    ROW("robots.difficulty_span", PARAM_DOUBLE, robots.difficulty_span, 6.9, 0, 100, 0, NULL, "-", "ln of the extra capability an unexposed job needs"),
    ROW("robots.threshold_sigma", PARAM_DOUBLE, robots.threshold_sigma, 1.0, 0, 20, 0, NULL, "-", "sd of ln threshold within an occupation"),
    ROW("robots.output_elasticity", PARAM_DOUBLE, robots.output_elasticity, 0.3, 0, 3, 0, NULL, "-", "machine output of a robot slot a (R/theta)^beta"),
    ROW("robots.fleet_initial", PARAM_DOUBLE, robots.fleet_initial, 1e4, 0, 1e12, 0, NULL, "job-equivalents", "robot fleet in the first robot month"),
    ROW("robots.replication_per_year", PARAM_DOUBLE, robots.replication_per_year, 1.5, 0, 24, 0, NULL, "1/year", "logistic self-replication rate r"),
    ROW("robots.fleet_max", PARAM_DOUBLE, robots.fleet_max, 0, 0, 1e12, 0, NULL, "job-equivalents", "fleet ceiling Fmax; 0 = all blue-collar employment"),
    ROW("robots.ai_fallback", PARAM_BOOL, robots.ai_fallback, 1, 0, 1, 0, NULL, "-", "a job that prefers robots but gets none this month may go to AI (version 1: false)"),
    ROW("robots.kwh_per_dollar", PARAM_DOUBLE, robots.kwh_per_dollar, 0.04, 0, 1e3, 1, NULL, "kWh/base-year $", "energy per dollar of robot output at month 0 (a 1 kW machine, 2000 hours a year, in place of a $50000 job)"),
    ROW("robots.efficiency_gain_per_year", PARAM_DOUBLE, robots.efficiency_gain_per_year, 0.02, 0, 0.99, 0, NULL, "1/year", "yearly fall of robots' energy per dollar (US energy intensity of output, EIA)"),
    ROW("energy.capacity_gw", PARAM_DOUBLE, energy.capacity_gw, 30, 0, 1e9, 0, NULL, "GW", "energy capacity for machines at month 0"),
    ROW("energy.growth_per_year", PARAM_DOUBLE, energy.growth_per_year, 0.15, -0.9, 10, 0, NULL, "1/year", "growth of energy capacity"),
    ROW("energy.added_gw_per_year", PARAM_DOUBLE, energy.added_gw_per_year, 0, 0, 1e9, 0, NULL, "GW/year", "linear additions (the seed's space solar: 100)"),
    ROW("energy.added_start_year", PARAM_DOUBLE, energy.added_start_year, 2030.0, 1800, 3000, 0, NULL, "year", "calendar year linear additions start"),
    ROW("energy.gates_adoption", PARAM_BOOL, energy.gates_adoption, 1, 0, 1, 0, NULL, "-", "new machine slots only in free energy capacity (version 1: false)"),
    ROW("labor.adoption_per_year", PARAM_DOUBLE, labor.adoption_per_year, 1.0, 0, 1200, 0, NULL, "1/year", "automation hazard of a feasible job"),
    ROW("labor.reemployment_per_year", PARAM_DOUBLE, labor.reemployment_per_year, 0.5, 0, 12, 0, NULL, "1/year", "re-employment hazard of a displaced worker (reinstatement)"),
    ROW("labor.skill_loss", PARAM_DOUBLE, labor.skill_loss, 0.2, 0, 0.99, 0, NULL, "-", "share of output lost with each new job"),
    ROW("labor.new_task_headroom", PARAM_DOUBLE, labor.new_task_headroom, 3.4, 0, 100, 0, NULL, "-", "ln margin of a new job's threshold over today's frontier (3.4 = ln 30)"),
    ROW("wages.max_cut_per_year", PARAM_DOUBLE, wages.max_cut_per_year, 1.0, 0, 1, 0, NULL, "1/year", "d0: fastest yearly fall of nominal wages (1 = as flexible as prices; 0.04 in the US-institutions scenario)"),
    ROW("wages.max_cut_per_unemployment", PARAM_DOUBLE, wages.max_cut_per_unemployment, 0, 0, 1, 0, NULL, "1/year", "d1: the yearly cut allowed rises by d1 x last month's unemployment rate (0.4 in the US-institutions scenario)"),
    ROW("wages.labor_demand_elasticity", PARAM_DOUBLE, wages.labor_demand_elasticity, 0.4, 0, 100, 1, NULL, "-", "epsilon: own-wage elasticity of labour demand (Lichter, Peichl & Siegloch 2015)"),
    ROW("ownership.distribution", PARAM_ENUM, ownership.distribution, OWNERSHIP_DFA, 0, 0, 0, "pareto|equal|dfa", "-", "capital ownership: the Fed's Distributional Financial Accounts, a Pareto quantile grid (version 1), or equal shares"),
    ROW("ownership.share_bottom50", PARAM_DOUBLE, ownership.share_bottom50, 0.010, 0, 1, 0, NULL, "-", "\"dfa\": equity share of the bottom 50 % of ranks (DFA 2025Q1: 1.0 %)"),
    ROW("ownership.share_50_90", PARAM_DOUBLE, ownership.share_50_90, 0.119, 0, 1, 0, NULL, "-", "\"dfa\": equity share of ranks 50-90 % (DFA 2025Q1: 11.9 %)"),
    ROW("ownership.share_top1", PARAM_DOUBLE, ownership.share_top1, 0.498, 0, 1, 0, NULL, "-", "\"dfa\": equity share of the top 1 % (DFA 2025Q1: 49.8 %; ranks 90-99 % get the rest)"),
    ROW("ownership.top_alpha", PARAM_DOUBLE, ownership.top_alpha, 1.5, 1, 100, 1, NULL, "-", "\"dfa\": Pareto index of the Lorenz curve above rank 99 %"),
    ROW("ownership.pareto_alpha", PARAM_DOUBLE, ownership.pareto_alpha, 1.06, 0.1, 100, 0, NULL, "-", "Pareto tail index of ownership (1.06: top 10 % own 87 % in the continuous limit, 81 % on the 1e5-agent grid)"),
    ROW("ownership.wage_correlation", PARAM_DOUBLE, ownership.wage_correlation, 0.5, -1, 1, 0, NULL, "-", "rho of the Gaussian copula between wage rank and ownership rank"),
    ROW("ownership.non_owner_share", PARAM_DOUBLE, ownership.non_owner_share, 0.38, 0, 1, 0, NULL, "-", "share owning no capital (about 38 % of US adults own no stock, Gallup 2024)"),
    ROW("policy.money.rule", PARAM_ENUM, policy.money.rule, MONEY_RULE_FIXED, 0, 0, 0, "fixed|growth|price_target|ngdp_target", "-", "money rule"),
    ROW("policy.money.channel", PARAM_ENUM, policy.money.channel, CHANNEL_DIVIDEND, 0, 0, 0, "dividend|displaced|owners|proportional", "-", "who receives new money"),
    ROW("policy.money.growth_per_year", PARAM_DOUBLE, policy.money.growth_per_year, 0.05, -0.5, 10, 0, NULL, "1/year", "money growth of the `growth` rule"),
    ROW("policy.money.target_inflation", PARAM_DOUBLE, policy.money.target_inflation, 0.02, -0.5, 10, 0, NULL, "1/year", "price path of the `price_target` rule"),
    ROW("policy.money.ngdp_growth_per_year", PARAM_DOUBLE, policy.money.ngdp_growth_per_year, 0.04, -0.5, 10, 0, NULL, "1/year", "nominal spending path of the `ngdp_target` rule"),
    ROW("policy.fiscal.wage_tax", PARAM_DOUBLE, policy.fiscal.wage_tax, 0.0, 0, 1, 0, NULL, "-", "tau_w: flat tax on wages (1 % funds UI in the US-institutions scenario)"),
    ROW("policy.fiscal.capital_tax", PARAM_DOUBLE, policy.fiscal.capital_tax, 0.0, 0, 1, 0, NULL, "-", "tau_k: flat tax on capital income net of the machine tax (version 1's policy.ubi.tax_rate)"),
    ROW("policy.fiscal.machine_tax", PARAM_DOUBLE, policy.fiscal.machine_tax, 0.0, 0, 1, 0, NULL, "-", "tau_m: flat tax on machine income, the automation tax"),
    ROW("policy.fiscal.ui_replacement", PARAM_DOUBLE, policy.fiscal.ui_replacement, 0.0, 0, 1, 0, NULL, "-", "unemployment insurance as a share of the lost job's current wage (US: about 0.4)"),
    ROW("policy.fiscal.ui_months", PARAM_INT, policy.fiscal.ui_months, 6, 0, 12000, 0, NULL, "months", "months UI is paid after a job is lost, that month counting (US: 26 weeks)"),
    ROW("debt.enabled", PARAM_BOOL, debt.enabled, 0, 0, 1, 0, NULL, "-", "households hold nominal debt repaid as fixed annuities (Fisher's debt deflation)"),
    ROW("debt.to_gdp", PARAM_DOUBLE, debt.to_gdp, 0.62, 0, 100, 0, NULL, "years of GDP", "household debt over nominal GDP at month 0 (US end 2024: $18.04 tn / $29.2 tn, NY Fed)"),
    ROW("debt.share_with_debt", PARAM_DOUBLE, debt.share_with_debt, 0.77, 0, 1, 0, NULL, "-", "share of agents holding debt (SCF 2019: 76.6 % of families)"),
    ROW("debt.rate", PARAM_DOUBLE, debt.rate, 0.05, 0, 1, 0, NULL, "1/year", "interest rate of the fixed nominal annuity"),
    ROW("debt.term_years", PARAM_DOUBLE, debt.term_years, 8, 0, 100, 1, NULL, "years", "term of the annuity (8 years at 5 % puts month-0 payments near 9 % of income)"),
    ROW("data.occupations_csv", PARAM_PATH, data.occupations_csv, 0, 0, 0, 0, NULL, "path", "CSV occupation table (code,name,class,employment,mean_wage,ai_exposure,robot_exposure)"),
    ROW("data.employment_total", PARAM_DOUBLE, data.employment_total, 0, 0, 1e12, 0, NULL, "workers", "total employment L when the table gives `share` instead of `employment`"),
};
// clang-format on
enum { N_SPECS = sizeof SPECS / sizeof SPECS[0] };
_Static_assert((int)N_SPECS <= (int)PARAMS_MAX, "raise PARAMS_MAX");

static const double ROBOT_GROWTH_DEFAULT[] = {2.0, 1.5, 1.5}; /* software, chips, dexterity */

/* Keys of version 1 that version 2 replaced: a config that still sets one is
 * told the new key, not only the closest spelling. */
static const struct {
    const char *old, *hint;
} RENAMED[] = {
    {"policy.ubi.tax_rate", "policy.fiscal.capital_tax"}, /* also names the group policy.ubi */
    {"energy.kwh_per_dollar", "ai.kwh_per_dollar and robots.kwh_per_dollar"},
    {"energy.efficiency_gain_per_year", "ai.efficiency_gain_per_year and robots.efficiency_gain_per_year"},
};

/* Keys that are not table rows but are valid at the top level of a file. */
static const char *const EXTRA_KEYS[] = {"extends", "occupations"};

int params_count(void) { return N_SPECS; }
const ParamSpec *params_spec(int i) { return &SPECS[i]; }
const char *params_key(int i) { return SPECS[i].key; }
const char *params_unit(int i) { return SPECS[i].unit; }
const char *params_help(int i) { return SPECS[i].help; }

void params_set_defaults(Params *p)
{
    memset(p, 0, sizeof *p);
    for (int i = 0; i < N_SPECS; i++) {
        const ParamSpec *s = &SPECS[i];
        switch (s->type) {
        case PARAM_INT:
            *(int64_t *)params_spec_field(p, s) = (int64_t)s->def;
            break;
        case PARAM_SEED:
            *(uint64_t *)params_spec_field(p, s) = (uint64_t)s->def;
            break;
        case PARAM_DOUBLE:
            *(double *)params_spec_field(p, s) = s->def;
            break;
        case PARAM_BOOL:
            *(bool *)params_spec_field(p, s) = s->def != 0;
            break;
        case PARAM_ENUM:
            *(int *)params_spec_field(p, s) = (int)s->def;
            break;
        case PARAM_FACTORS:
            memcpy(p->robots.growth_per_year, ROBOT_GROWTH_DEFAULT, sizeof ROBOT_GROWTH_DEFAULT);
            p->robots.growth_factors = 3;
            break;
        case PARAM_PATH:
            ((char *)params_spec_field(p, s))[0] = '\0';
            break;
        }
        snprintf(p->origin[i], sizeof p->origin[i], "default");
    }
    snprintf(p->occupations_origin, sizeof p->occupations_origin, "none");
}

void params_free(Params *p)
{
    free(p->occupations.rows);
    p->occupations.rows = NULL;
    p->occupations.count = 0;
}

const ParamSpec *params_spec_find(const char *key, int *index)
{
    for (int i = 0; i < N_SPECS; i++)
        if (strcmp(SPECS[i].key, key) == 0) {
            if (index)
                *index = i;
            return &SPECS[i];
        }
    return NULL;
}

bool params_spec_is_extra_key(const char *key)
{
    for (size_t i = 0; i < sizeof EXTRA_KEYS / sizeof EXTRA_KEYS[0]; i++)
        if (strcmp(key, EXTRA_KEYS[i]) == 0)
            return true;
    return false;
}

bool params_spec_is_group(const char *prefix)
{
    size_t n = strlen(prefix);
    for (int i = 0; i < N_SPECS; i++)
        if (strncmp(SPECS[i].key, prefix, n) == 0 && SPECS[i].key[n] == '.')
            return true;
    return false;
}

/* How far `key` is from the known name `known`: the edit distance, or that of
 * the last parts when `key` has no dot ("velocty" finds money.velocity), or 1
 * when only the group is wrong (money.tax_rate finds policy.ubi.tax_rate). */
static int key_distance(const char *key, const char *known)
{
    int d = suggest_distance(key, known);
    const char *leaf = strrchr(known, '.');
    const char *key_leaf = strrchr(key, '.');
    if (leaf != NULL && key_leaf == NULL) {
        int d2 = suggest_distance(key, leaf + 1);
        if (d2 < d)
            d = d2;
    } else if (leaf != NULL && strcmp(key_leaf, leaf) == 0 && d > 1) {
        d = 1;
    }
    return d;
}

void params_spec_suggest(const char *key, bool groups, char *buf, size_t size)
{
    const size_t len = strlen(key);
    for (size_t i = 0; i < sizeof RENAMED / sizeof RENAMED[0]; i++)
        if (groups ? strncmp(key, RENAMED[i].old, len) == 0 && RENAMED[i].old[len] == '.'
                   : strcmp(key, RENAMED[i].old) == 0) {
            snprintf(buf, size, " (version 2 of the model replaced it with %s; configs/v1.cfg "
                                "shows version 1's rules)", RENAMED[i].hint);
            return;
        }
    char best[128] = "";
    int best_d = INT_MAX;
    for (int i = 0; i < N_SPECS; i++) {
        const char *k = SPECS[i].key;
        if (!groups) {
            int d = key_distance(key, k);
            if (d < best_d) {
                best_d = d;
                snprintf(best, sizeof best, "%s", k);
            }
            continue;
        }
        for (const char *dot = strchr(k, '.'); dot; dot = strchr(dot + 1, '.')) {
            char group[128];
            snprintf(group, sizeof group, "%.*s", (int)(dot - k), k);
            int d = key_distance(key, group);
            if (d < best_d) {
                best_d = d;
                snprintf(best, sizeof best, "%s", group);
            }
        }
    }
    for (size_t i = 0; !groups && i < sizeof EXTRA_KEYS / sizeof EXTRA_KEYS[0]; i++) {
        int d = suggest_distance(key, EXTRA_KEYS[i]);
        if (d < best_d) {
            best_d = d;
            snprintf(best, sizeof best, "%s", EXTRA_KEYS[i]);
        }
    }
    if (best[0] != '\0' && suggest_is_close(key, best_d))
        snprintf(buf, size, " (did you mean '%s'?)", best);
    else
        snprintf(buf, size, " (run 'uhisim validate' on a config to list every key)");
}

void params_spec_range_text(const ParamSpec *spec, char *buf, size_t size)
{
    char lo[32], hi[32];
    number_format(spec->lo, lo, sizeof lo);
    number_format(spec->hi, hi, sizeof hi);
    const bool unitless = spec->unit[0] == '\0' || strcmp(spec->unit, "-") == 0;
    snprintf(buf, size, "%s%s, %s]%s%s", spec->lo_open ? "(" : "[", lo, hi, unitless ? "" : " ",
             unitless ? "" : spec->unit);
}

void params_spec_describe(const ParamSpec *spec, char *buf, size_t size)
{
    char range[120];
    params_spec_range_text(spec, range, sizeof range);
    switch (spec->type) {
    case PARAM_INT:
        snprintf(buf, size, "a whole number in %s", range);
        break;
    case PARAM_SEED:
        snprintf(buf, size, "a whole number in [0, 9223372036854775807] (use an L suffix above "
                            "2147483647 in a file)");
        break;
    case PARAM_DOUBLE:
        snprintf(buf, size, "a number in %s", range);
        break;
    case PARAM_BOOL:
        snprintf(buf, size, "true or false");
        break;
    case PARAM_ENUM:
        snprintf(buf, size, "one of \"%s\" (a string)", spec->names);
        break;
    case PARAM_FACTORS:
        snprintf(buf, size, "an array of 1 to %d numbers in (0, 1e6], e.g. [2.0, 1.5, 1.5]",
                 ROBOT_FACTORS_MAX);
        break;
    case PARAM_PATH:
        snprintf(buf, size, "a file path (a string)");
        break;
    }
}