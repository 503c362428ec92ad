/* params.h - Every model parameter (MODEL.md section 4b), its defaults, and loading
 * from libconfig files, `extends` layers and --set overrides.
 *
 * A config key is the path of its struct field: `money.velocity` is
 * p->money.velocity. One table in params_table.c holds every key's type, default,
 * range, unit and help; loading, range checks, --set, `uhisim validate` and the
 * "config" object of the output JSON all come from it. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "files.h"
#include "json_writer.h"
#include "occupations.h"
#include "status.h"

typedef enum VelocityMode { VELOCITY_FIXED, VELOCITY_HOARDING } VelocityMode;
/* Order as in the key's names "pareto|equal|dfa". */
typedef enum OwnershipDistribution { OWNERSHIP_PARETO, OWNERSHIP_EQUAL, OWNERSHIP_DFA } OwnershipDistribution;
typedef enum MoneyRule {
    MONEY_RULE_FIXED,
    MONEY_RULE_GROWTH,
    MONEY_RULE_PRICE_TARGET,
    MONEY_RULE_NGDP_TARGET
} MoneyRule;
typedef enum MoneyChannel {
    CHANNEL_DIVIDEND,
    CHANNEL_DISPLACED,
    CHANNEL_OWNERS,
    CHANNEL_PROPORTIONAL
} MoneyChannel;

enum {
    ROBOT_FACTORS_MAX = 8, /* robots.growth_per_year holds 1..8 factors (MODEL.md: three) */
    PARAMS_MAX = 96,       /* room for the rows of the parameter table */
    PARAM_INPUTS_MAX = 64  /* input files recorded (configs, includes, the CSV table) */
};

typedef struct RunParams {
    int64_t agents;    /* N, simulated agents [count] */
    int64_t months;    /* steps [months] */
    uint64_t seed;     /* master seed of every random draw [-] */
    double start_year; /* calendar year of month 0 [year] */
} RunParams;

typedef struct MoneyParams {
    double stock;             /* M0, money stock before month 0 [nominal $] */
    double velocity;          /* V0, annual velocity [1/year] */
    int velocity_mode;        /* VelocityMode */
    double hoarding;          /* alpha, semi-elasticity of velocity to expected inflation [years] */
    double expectation_speed; /* beta, adaptive expectations speed [1/year] */
    double velocity_min;      /* clamp of hoarding velocity [1/year] */
    double velocity_max;      /* clamp of hoarding velocity [1/year] */
} MoneyParams;

typedef struct EconomyParams {
    double productivity_growth_per_year; /* q, trend growth of human output [1/year] */
    double labor_share; /* omega (0.6); 0 = derived from the table's wages unscaled (version 1) [-] */
} EconomyParams;

typedef struct PopulationParams {
    double wage_sigma; /* sigma of the mean-preserving lognormal wage [-] */
} PopulationParams;

typedef struct AiParams {
    bool enabled;
    double growth_per_year;   /* A(t) = growth^years [1/year factor] */
    double threshold;         /* capability a fully exposed job needs [-] */
    double difficulty_span;   /* ln of the extra capability an unexposed job needs [-] */
    double threshold_sigma;   /* sd of ln threshold within an occupation [-] */
    double output_elasticity; /* beta_k: machine output a (C/theta)^beta [-] */
    bool automates_blue_collar; /* AI alone may take blue-collar jobs (version 1: true) */
    double kwh_per_dollar;    /* kappa_ai at month 0 [kWh per base-year $ of AI output] */
    double efficiency_gain_per_year; /* yearly fall of kappa_ai [1/year] */
} AiParams;

typedef struct RobotParams {
    bool enabled;
    double start_year;                         /* calendar year robots start [year] */
    double growth_per_year[ROBOT_FACTORS_MAX]; /* R(t) = prod_j g_j^years [1/year factors] */
    int growth_factors;                        /* used entries of growth_per_year */
    double threshold;
    double difficulty_span;
    double threshold_sigma;
    double output_elasticity;
    double fleet_initial;        /* robot fleet in the first robot month [job-equivalents] */
    double replication_per_year; /* logistic rate r [1/year] */
    double fleet_max; /* Fmax; 0 = blue-collar employment of the table [job-equivalents] */
    bool ai_fallback; /* a job that prefers robots but gets none this month may go to AI */
    double kwh_per_dollar;           /* kappa_robot at month 0 [kWh per base-year $ of robot output] */
    double efficiency_gain_per_year; /* yearly fall of kappa_robot [1/year] */
} RobotParams;

typedef struct EnergyParams {
    double capacity_gw;              /* E0 [GW] */
    double growth_per_year;          /* growth of capacity [1/year] */
    double added_gw_per_year;        /* linear additions, e.g. space solar [GW/year] */
    double added_start_year;         /* calendar year additions start [year] */
    bool gates_adoption; /* new machine slots only in free energy capacity (MODEL.md 4 step 2) */
} EnergyParams;

typedef struct LabourParams {
    double adoption_per_year;     /* automation hazard of a feasible job [1/year] */
    double reemployment_per_year; /* re-employment hazard of a displaced worker [1/year] */
    double skill_loss;            /* share of output lost with each new job [-] */
    double new_task_headroom;     /* ln margin of a new job's threshold over today's frontier [-] */
} LabourParams;

/* Nominal wage rigidity and labour demand (MODEL.md 4d). */
typedef struct WageParams {
    double max_cut_per_year;          /* d0: fastest yearly fall of the nominal wage index (1 = flexible) [1/year] */
    double max_cut_per_unemployment;  /* d1: d = min(1, d0 + d1 u_prev) [1/year per unit of unemployment rate] */
    double labor_demand_elasticity;   /* epsilon: own-wage elasticity of labour demand at g = 1 [-] */
} WageParams;

typedef struct OwnershipParams {
    int distribution;       /* OwnershipDistribution */
    double share_bottom50;  /* "dfa": share of equity held by the bottom 50 % of ranks [-] */
    double share_50_90;     /* "dfa": held by ranks 50-90 % [-] */
    double share_top1;      /* "dfa": held by the top 1 % [-] */
    double top_alpha;       /* "dfa": Pareto index of the Lorenz curve's tail above rank 99 % [-] */
    double pareto_alpha;    /* tail index of capital ownership [-] */
    double wage_correlation; /* rho between wage rank and ownership rank (Gaussian copula) [-] */
    double non_owner_share; /* share of agents owning nothing [-] */
} OwnershipParams;

typedef struct MoneyPolicyParams {
    int rule;                    /* MoneyRule */
    int channel;                 /* MoneyChannel */
    double growth_per_year;      /* `growth` rule [1/year] */
    double target_inflation;     /* `price_target` rule [1/year] */
    double ngdp_growth_per_year; /* `ngdp_target` rule [1/year] */
} MoneyPolicyParams;

/* The government (MODEL.md 4e): flat taxes, UI, the rest paid back equally. */
typedef struct FiscalParams {
    double wage_tax;       /* tau_w on the wage bill [-] */
    double capital_tax;    /* tau_k on capital income net of the machine tax (version 1's UBI tax) [-] */
    double machine_tax;    /* tau_m on machine income Pi_m = min(P Q_m, Pi) [-] */
    double ui_replacement; /* r: UI claim as a share of the lost job's current wage [-] */
    int64_t ui_months;     /* months after displacement UI is paid, the month itself counting [months] */
} FiscalParams;

typedef struct PolicyParams {
    MoneyPolicyParams money;
    FiscalParams fiscal;
} PolicyParams;

/* Household nominal debt (MODEL.md 4f). */
typedef struct DebtParams {
    bool enabled;
    double to_gdp;          /* scale sum debt = to_gdp M0 V0 at month 0 [years of nominal GDP] */
    double share_with_debt; /* probability an agent holds debt [-] */
    double rate;            /* annual interest rate of the fixed annuity [1/year] */
    double term_years;      /* term of the annuity [years] */
} DebtParams;

typedef struct DataParams {
    char occupations_csv[PARAM_PATH_MAX]; /* "" or a CSV path (resolved against its config file) */
    double employment_total; /* L when the table gives `share` instead of `employment` [workers] */
} DataParams;

typedef struct Params {
    RunParams run;
    MoneyParams money;
    EconomyParams economy;
    PopulationParams population;
    AiParams ai;
    RobotParams robots;
    EnergyParams energy;
    LabourParams labor; /* key "labor": config keys keep the US spelling */
    WageParams wages;
    OwnershipParams ownership;
    PolicyParams policy;
    DebtParams debt;
    DataParams data;
    OccupationTable occupations;         /* owned: free with params_free() */
    char origin[PARAMS_MAX][PARAM_ORIGIN_MAX]; /* where each table row's value came from */
    char occupations_origin[PARAM_ORIGIN_MAX];
    /* every file read: config layers, their @include files, the CSV table, so
     * that no output of the run replaces one of them */
    FileId inputs[PARAM_INPUTS_MAX];
    int n_inputs;
} Params;

/* Records the regular file at path as an input of p (once; beyond
 * PARAM_INPUTS_MAX files the rest are not recorded). */
void params_note_input(Params *p, const char *path);

/* Sets every parameter to its default (MODEL.md 4b) with origin "default" and an
 * empty occupation table. Call before anything else; free with params_free(). */
void params_set_defaults(Params *p);

/* Frees the occupation table; p may then be reused after params_set_defaults(). */
void params_free(Params *p);

/* Applies the config file at `path` on top of p. A top-level `extends = "base.cfg";`
 * (relative to the file) is applied first. Each file is read once (a pipe such
 * as <(cat cfg) works) with its @include files, which are resolved against the
 * including file's folder (source.h). Returns SIM_ERR_CONFIG with "file:line:
 * key ..." for a syntax error, a key set twice (both lines named), an unknown
 * key (with the closest known key suggested), a wrong type, a fraction for an
 * integer, an integer libconfig would wrap, a value outside its range, or what
 * source_read refuses (unclosed comment, bytes that are not UTF-8, a bad or
 * cyclic @include). */
SimStatus params_load_file(Params *p, const char *path, SimError *err);

/* Applies config text held in memory as params_load_file applies a file, with
 * the same checks; `label` names it in messages and origins ("label:line").
 * Its `extends` and @include paths are relative to the working folder. */
SimStatus params_load_text(Params *p, const char *label, const char *text, SimError *err);

/* Applies one "KEY=VALUE" override (the --set option) with the same checks as a
 * file. VALUE is libconfig syntax; a bare word is taken as a string where the
 * key expects one. Returns SIM_ERR_CONFIG naming the key on error. */
SimStatus params_apply_override(Params *p, const char *assignment, SimError *err);

/* Loads data.occupations_csv if set and checks what involves several keys
 * (non-empty table, shares summing to 1, velocity clamp, owners left, ...).
 * Call once after all files and overrides. Returns SIM_ERR_CONFIG naming every
 * key involved. */
SimStatus params_validate(Params *p, SimError *err);

/* Returns the Fmax in effect: robots.fleet_max, or the table's blue-collar
 * employment when it is 0 [job-equivalents]. */
double params_fleet_max(const Params *p);

/* Number of rows of the parameter table. */
int params_count(void);

/* Key of row i ("money.velocity"), 0 <= i < params_count(). */
const char *params_key(int i);

/* Writes row i's value as libconfig text (a string is quoted) into buf. */
void params_format_value(const Params *p, int i, char *buf, int size);

/* Unit and help text of row i. */
const char *params_unit(int i);
const char *params_help(int i);

/* Writes every parameter as one JSON object, nested as in the config file
 * (groups in the order of their first key), then the occupation table as
 * "occupations"; layout is used for every container. Errors (text that is not
 * UTF-8) are kept in w, as for every json_* call. */
void params_write_json(const Params *p, JsonWriter *w, JsonLayout layout);

/* Writes every parameter as a libconfig file that loads back to the same
 * values (reals in the fewest digits that read back exactly), nested in groups
 * as params_write_json does, then the occupation table inline as
 * `occupations = ( ... );` (so data.occupations_csv is left out). Its own
 * `uhisim run` gives the same numbers as the configuration it came from: the
 * browser page's "configuration as a file". Returns SIM_ERR_IO if a write
 * fails. */
SimStatus params_write_config(const Params *p, FILE *out, SimError *err);

/* Writes the parameter table as a JSON array, one object per row in table
 * order: key, type ("int", "seed", "real", "bool", "enum", "factors", "path"),
 * default (as in the output's "config"), min and max (the legal range,
 * min_open when min itself is excluded), range (as text, with the unit),
 * names (an enum's "a|b|c", else null), unit and help. The browser page builds
 * its controls from it. Errors are kept in w. */
void params_write_table_json(JsonWriter *w);
