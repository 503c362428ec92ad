/* cli.c - Command-line parsing. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"
#include "sweep.h"

const char CLI_USAGE[] =
    "usage: uhisim run CONFIG [-o FILE] [--csv FILE] [--set KEY=VALUE]... [--seed N]\n"
    "                  [--replicates R] [--threads N] [--quiet]\n"
    "       uhisim compare A.cfg B.cfg ... [--replicates R] [--seed N] [--set KEY=VALUE]...\n"
    "                  [-o FILE] [--csv FILE] [--threads N] [--quiet]\n"
    "       uhisim sweep CONFIG --vary KEY=FROM:TO:COUNT [--vary ...] | --design FILE.csv\n"
    "                  [--replicates R] [--seed N] [--set KEY=VALUE]... -o DIR [--csv FILE]\n"
    "       uhisim sweep CONFIG --design lhs|sobol|morris --samples N --vary KEY=LO:HI\n"
    "                  [--vary ...] [--replicates R] [--seed N] [--set KEY=VALUE]... -o DIR\n"
    "       uhisim sweep EXPERIMENT.cfg -o DIR [--csv FILE]\n"
    "       uhisim validate CONFIG [--set KEY=VALUE]... [--seed N]\n"
    "       uhisim bench [CONFIG] [--agents 1e4,1e5,1e6] [--months 180] [--repeats 3]\n"
    "                  [--max-threads N] [-o FILE.json]\n"
    "       uhisim --help | --version\n"
    "\n"
    "Agent-based test of 'universal high income through deflation': automation raises\n"
    "output Q, and the equation of exchange M V = P Q sets the price level P.\n"
    "\n"
    "commands:\n"
    "  run        run the scenario in CONFIG and write its time-series JSON\n"
    "  compare    run several scenarios on the same replicate seeds (common random\n"
    "             numbers) and write their series, verdicts and paired differences\n"
    "  sweep      run a grid (--vary), a design table or a sampled design (--design) or\n"
    "             an experiment file, one summary row per point and replicate;\n"
    "             re-running resumes\n"
    "  validate   check CONFIG and print every parameter with its value and origin\n"
    "  bench      time the model (default configs/baseline.cfg): throughput, peak memory,\n"
    "             time per phase, STREAM bandwidth and the model's bandwidth bound\n"
    "\n"
    "options:\n"
    "  -o FILE          write the JSON to FILE (written whole, then renamed into place) and\n"
    "                   print a yearly summary table; without -o the JSON goes to standard\n"
    "                   output when that is a pipe or a file, to out/CONFIG.json (compare:\n"
    "                   out/compare.json) when it is a terminal; -o - always to standard output\n"
    "  --csv FILE       also write the monthly series as one flat CSV; for --replicates,\n"
    "                   compare and sweep one row per scenario (or point), replicate\n"
    "                   and month, with columns naming them in front\n"
    "  --set KEY=VALUE  override one parameter, e.g. --set policy.money.rule=growth;\n"
    "                   the same checks as a config file; later --set wins\n"
    "  --seed N         same as --set run.seed=N\n"
    "  --replicates R   R replicates with seeds derived from (seed, r): bands (mean, sd,\n"
    "                   p05, p50, p95) and verdicts across replicates\n"
    "  --vary K=F:T:C   sweep key K over C values evenly spaced from F to T\n"
    "  --design FILE    sweep the rows of a CSV table (one column per key)\n"
    "  --design lhs|sobol|morris  a sampled design over the --vary KEY=LO:HI ranges:\n"
    "                   Latin hypercube (N points), Saltelli's A/B/AB Sobol scheme for\n"
    "                   Sobol indices (N (k+2) points), Morris trajectories for elementary\n"
    "                   effects (N (k+1) points); analysis/sensitivity.py reads the folder\n"
    "  --samples N      the design's N\n"
    "  --threads N      OpenMP threads (default OMP_NUM_THREADS, else 1); results are\n"
    "                   identical for any N\n"
    "  --quiet          no progress on standard error and no summary table\n"
    "\n"
    "exit status: 0 success, 1 the run failed (a quantity became NaN or infinite, or\n"
    "an output file could not be written), 2 bad usage or bad config.\n"
    "Parameters and their defaults: docs/model.md; output fields: docs/output.md.\n";

/* Every long option without its dashes, for the "did you mean" of a misspelt one
 * (compared without dashes, so that "--bogus" is not "close" to "--months"). */
static const char *const OPTIONS[] = {"output",  "csv",     "set",    "seed",        "threads",
                                      "replicates", "vary", "design", "samples", "agents",      "repeats",
                                      "months",  "max-threads", "quiet", "help",     "version"};

static SimStatus need_value(int argc, char **argv, int i, SimError *err)
{
    if (i + 1 >= argc)
        return sim_fail(err, SIM_ERR_USAGE, "%s needs a value", argv[i]);
    return SIM_OK;
}

/* Reads text as a whole number in [lo, hi] into *out; false if it is not one. */
static bool whole_number(const char *text, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (*end != '\0' || end == text || errno || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* Sets opt->command from argv[1]; SIM_ERR_USAGE for an unknown command. */
static SimStatus parse_command(const char *cmd, CliOptions *opt, SimError *err)
{
    static const struct {
        const char *name;
        CliCommand command;
    } COMMANDS[] = {{"--help", CLI_HELP},       {"-h", CLI_HELP},       {"help", CLI_HELP},
                    {"--version", CLI_VERSION}, {"run", CLI_RUN},       {"validate", CLI_VALIDATE},
                    {"compare", CLI_COMPARE},   {"sweep", CLI_SWEEP},   {"bench", CLI_BENCH}};
    for (size_t k = 0; k < sizeof COMMANDS / sizeof COMMANDS[0]; k++)
        if (strcmp(cmd, COMMANDS[k].name) == 0) {
            opt->command = COMMANDS[k].command;
            return SIM_OK;
        }
    static const char *const NAMES[] = {"run", "compare", "sweep", "validate", "bench"};
    char hint[64];
    suggest_hint(cmd, NAMES, (int)(sizeof NAMES / sizeof NAMES[0]), "", hint, sizeof hint);
    return sim_fail(err, SIM_ERR_USAGE,
                    "unknown command '%s'%s; expected run, compare, sweep, validate or bench", cmd,
                    hint);
}

/* -o/--output FILE (sweep: a folder) and --csv FILE (run, compare, sweep): a
 * name, not empty. */
static SimStatus option_file(int argc, char **argv, int *i, CliOptions *opt, SimError *err)
{
    const char *a = argv[*i];
    const bool csv = strcmp(a, "--csv") == 0;
    if (!csv && opt->command == CLI_VALIDATE)
        return sim_fail(err, SIM_ERR_USAGE, "%s is an option of run, compare and sweep", a);
    if (csv && opt->command != CLI_RUN && opt->command != CLI_COMPARE && opt->command != CLI_SWEEP)
        return sim_fail(err, SIM_ERR_USAGE, "%s is an option of run, compare and sweep", a);
    SimStatus st = need_value(argc, argv, *i, err);
    if (st != SIM_OK)
        return st;
    if (argv[*i + 1][0] == '\0')
        return sim_fail(err, SIM_ERR_USAGE, "%s '': the name is empty; expected a %s name", a,
                        !csv && opt->command == CLI_SWEEP ? "folder" : "file");
    *(csv ? &opt->csv : &opt->output) = argv[++*i];
    return SIM_OK;
}

/* --set KEY=VALUE (checked as one argument here, its key and value by params)
 * and --seed N. */
static SimStatus option_set(int argc, char **argv, int *i, CliOptions *opt, SimError *err)
{
    const char *a = argv[*i];
    SimStatus st = need_value(argc, argv, *i, err);
    if (st != SIM_OK)
        return st;
    const char *v = argv[++*i];
    if (strcmp(a, "--seed") == 0) {
        opt->seed = v;
        /* checked here so that the message names --seed, not the run.seed it sets */
        errno = 0;
        char *end;
        unsigned long long seed = strtoull(v, &end, 10);
        if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno || seed > 9223372036854775807ULL)
            return sim_fail(err, SIM_ERR_USAGE,
                            "--seed %s: expected a whole number in [0, 9223372036854775807]", v);
        return SIM_OK;
    }
    if (opt->n_sets == CLI_MAX_SETS)
        return sim_fail(err, SIM_ERR_USAGE, "more than %d --set options", CLI_MAX_SETS);
    /* `--set KEY VALUE` would take VALUE for a second config: say what is wrong */
    const char *eq = strchr(v, '=');
    if (eq == NULL || eq == v)
        return sim_fail(err, SIM_ERR_USAGE,
                        "--set %s: expected KEY=VALUE in one argument, e.g. --set "
                        "money.velocity=1.5",
                        v);
    opt->sets[opt->n_sets++] = v;
    return SIM_OK;
}

/* --threads N and --replicates R (not for validate). */
static SimStatus option_count(int argc, char **argv, int *i, CliOptions *opt, SimError *err)
{
    const char *a = argv[*i];
    const bool threads = strcmp(a, "--threads") == 0;
    SimStatus st = need_value(argc, argv, *i, err);
    if (st != SIM_OK)
        return st;
    if (!threads && opt->command == CLI_VALIDATE)
        return sim_fail(err, SIM_ERR_USAGE, "%s is an option of run, compare and sweep", a);
    const char *v = argv[++*i];
    long n;
    if (threads && !whole_number(v, 1, 1024, &n))
        return sim_fail(err, SIM_ERR_USAGE, "--threads %s: expected a whole number in [1, 1024]", v);
    if (!threads && !whole_number(v, 1, 100000, &n))
        return sim_fail(err, SIM_ERR_USAGE, "--replicates %s: expected a whole number in [1, 100000]",
                        v);
    *(threads ? &opt->threads : &opt->replicates) = (int)n;
    return SIM_OK;
}

/* --vary KEY=FROM:TO:COUNT or KEY=LO:HI (repeated), --design FILE.csv or
 * lhs|sobol|morris and --samples N, for sweep. */
static SimStatus option_sweep(int argc, char **argv, int *i, CliOptions *opt, SimError *err)
{
    const char *a = argv[*i];
    if (opt->command != CLI_SWEEP)
        return sim_fail(err, SIM_ERR_USAGE, "%s is an option of 'sweep'", a);
    SimStatus st = need_value(argc, argv, *i, err);
    if (st != SIM_OK)
        return st;
    if (strcmp(a, "--design") == 0)
        opt->design = argv[++*i];
    else if (strcmp(a, "--samples") == 0) {
        char *end;
        long n = strtol(argv[++*i], &end, 10);
        if (end == argv[*i] || *end != '\0' || n < 1 || n > 100000)
            return sim_fail(err, SIM_ERR_USAGE, "--samples %s: expected a whole number in [1, 100000]",
                            argv[*i]);
        opt->samples = (int)n;
    } else if (opt->n_vary == CLI_MAX_VARY)
        return sim_fail(err, SIM_ERR_USAGE, "more than %d --vary options", CLI_MAX_VARY);
    else
        opt->vary[opt->n_vary++] = argv[++*i];
    return SIM_OK;
}

/* bench's --agents LIST, --repeats N, --months N and --max-threads N. */
static SimStatus option_bench(int argc, char **argv, int *i, CliOptions *opt, SimError *err)
{
    const char *a = argv[*i];
    SimStatus st = need_value(argc, argv, *i, err);
    if (st != SIM_OK)
        return st;
    const char *v = argv[++*i];
    if (strcmp(a, "--agents") == 0) {
        opt->bench_agents = v;
        return SIM_OK;
    }
    long n;
    if (!whole_number(v, 1, 12000, &n))
        return sim_fail(err, SIM_ERR_USAGE, "%s %s: expected a whole number in [1, 12000]", a, v);
    if (strcmp(a, "--repeats") == 0)
        opt->bench_repeats = (int)n;
    else if (strcmp(a, "--months") == 0)
        opt->bench_months = (int)n;
    else
        opt->bench_max_threads = (int)n;
    return SIM_OK;
}

static bool is_bench_option(const char *a)
{
    return strcmp(a, "--agents") == 0 || strcmp(a, "--repeats") == 0 ||
           strcmp(a, "--months") == 0 || strcmp(a, "--max-threads") == 0;
}

/* One option argv[*i] (starting with '-'), with its value if it takes one
 * (*i then moves past it). */
static SimStatus parse_option(int argc, char **argv, int *i, CliOptions *opt, SimError *err)
{
    const char *a = argv[*i];
    if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--csv") == 0)
        return option_file(argc, argv, i, opt, err);
    if (strcmp(a, "--set") == 0 || strcmp(a, "--seed") == 0)
        return option_set(argc, argv, i, opt, err);
    if (strcmp(a, "--threads") == 0 || strcmp(a, "--replicates") == 0)
        return option_count(argc, argv, i, opt, err);
    if (strcmp(a, "--vary") == 0 || strcmp(a, "--design") == 0 || strcmp(a, "--samples") == 0)
        return option_sweep(argc, argv, i, opt, err);
    if (opt->command == CLI_BENCH && is_bench_option(a))
        return option_bench(argc, argv, i, opt, err);
    if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
        opt->quiet = true;
        return SIM_OK;
    }
    char hint[128] = "";
    int k = suggest_closest(a + strspn(a, "-"), OPTIONS, (int)(sizeof OPTIONS / sizeof OPTIONS[0]));
    if (k >= 0)
        snprintf(hint, sizeof hint, " (did you mean '--%s'?)", OPTIONS[k]);
    return sim_fail(err, SIM_ERR_USAGE, "unknown option '%s'%s; try 'uhisim --help'", a, hint);
}

/* A config operand: the only one, or (compare) one more. */
static SimStatus parse_config(const char *a, CliOptions *opt, SimError *err)
{
    if (opt->config == NULL) {
        opt->config = a;
        opt->configs[opt->n_configs++] = a;
        return SIM_OK;
    }
    if (opt->command != CLI_COMPARE)
        return sim_fail(err, SIM_ERR_USAGE,
                        "more than one config given ('%s' and '%s'); a scenario layers on "
                        "another with `extends = \"base.cfg\";`",
                        opt->config, a);
    if (opt->n_configs == CLI_MAX_CONFIGS)
        return sim_fail(err, SIM_ERR_USAGE, "more than %d configs to compare", CLI_MAX_CONFIGS);
    opt->configs[opt->n_configs++] = a;
    return SIM_OK;
}

/* What no single option can check: a config given, sweep's -o, and options
 * that do not go together. */
static SimStatus check_options(const char *cmd, CliOptions *opt, SimError *err)
{
    if (opt->config == NULL && opt->command == CLI_BENCH)
        opt->config = "configs/baseline.cfg";
    if (opt->config == NULL)
        return sim_fail(err, SIM_ERR_USAGE, "'%s' needs a CONFIG file, e.g. configs/baseline.cfg",
                        cmd);
    if (opt->command == CLI_SWEEP && opt->output == NULL)
        return sim_fail(err, SIM_ERR_USAGE, "'sweep' needs -o DIR, the folder for its results");
    return sweep_check_source(opt->design, opt->samples, opt->n_vary, err);
}

SimStatus cli_parse(int argc, char **argv, CliOptions *opt, SimError *err)
{
    memset(opt, 0, sizeof *opt);
    if (argc < 2)
        return sim_fail(err, SIM_ERR_USAGE, "no command given; try 'uhisim --help'");
    SimStatus st = parse_command(argv[1], opt, err);
    if (st != SIM_OK || opt->command == CLI_HELP || opt->command == CLI_VERSION)
        return st;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            opt->command = CLI_HELP;
            return SIM_OK;
        }
        st = a[0] == '-' && a[1] != '\0' ? parse_option(argc, argv, &i, opt, err)
                                         : parse_config(a, opt, err);
        if (st != SIM_OK)
            return st;
    }
    return check_options(argv[1], opt, err);
}
