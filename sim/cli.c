/* cli.c - Command-line parsing. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

const char CLI_USAGE[] =
    "usage: uhisim run CONFIG [-o FILE] [--csv FILE] [--set KEY=VALUE]... [--seed N]\n"
    "                  [--replicates R] [--threads N] [--quiet]\n"
    "       uhisim compare A.cfg B.cfg ... [--replicates R] [--seed N] [--set KEY=VALUE]...\n"
    "                  [-o FILE] [--threads N] [--quiet]\n"
    "       uhisim sweep CONFIG --vary KEY=FROM:TO:COUNT [--vary ...] | --design FILE.csv\n"
    "                  [--replicates R] [--seed N] [--set KEY=VALUE]... -o DIR\n"
    "       uhisim sweep EXPERIMENT.cfg -o DIR\n"
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
    "  sweep      run a grid (--vary), a design table (--design) or an experiment file,\n"
    "             one summary row per point and replicate; re-running resumes\n"
    "  validate   check CONFIG and print every parameter with its value and origin\n"
    "  bench      time the model (default configs/baseline.cfg): throughput, peak memory,\n"
    "             time per phase, STREAM bandwidth and the model's bandwidth bound\n"
    "\n"
    "options:\n"
    "  -o FILE          write the JSON to FILE (written whole, then renamed into place) and\n"
    "                   print a yearly summary table; without -o, or with -o -, the JSON\n"
    "                   goes to standard output\n"
    "  --csv FILE       also write the monthly series as one flat CSV\n"
    "  --set KEY=VALUE  override one parameter, e.g. --set policy.money.rule=growth;\n"
    "                   the same checks as a config file; later --set wins\n"
    "  --seed N         same as --set run.seed=N\n"
    "  --replicates R   R replicates with seeds derived from (seed, r): bands (mean, sd,\n"
    "                   p05, p50, p95) and verdicts across replicates\n"
    "  --vary K=F:T:C   sweep key K over C values evenly spaced from F to T\n"
    "  --design FILE    sweep the rows of a CSV table (one column per key)\n"
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
                                      "replicates", "vary", "design", "agents",      "repeats",
                                      "months",  "max-threads", "quiet", "help",     "version"};

static SimStatus need_value(int argc, char **argv, int i, SimError *err)
{
    if (i + 1 >= argc)
        return sim_fail(err, SIM_ERR_USAGE, "%s needs a value", argv[i]);
    return SIM_OK;
}

SimStatus cli_parse(int argc, char **argv, CliOptions *opt, SimError *err)
{
    memset(opt, 0, sizeof *opt);
    if (argc < 2)
        return sim_fail(err, SIM_ERR_USAGE, "no command given; try 'uhisim --help'");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        opt->command = CLI_HELP;
        return SIM_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        opt->command = CLI_VERSION;
        return SIM_OK;
    }
    if (strcmp(cmd, "run") == 0)
        opt->command = CLI_RUN;
    else if (strcmp(cmd, "validate") == 0)
        opt->command = CLI_VALIDATE;
    else if (strcmp(cmd, "compare") == 0)
        opt->command = CLI_COMPARE;
    else if (strcmp(cmd, "sweep") == 0)
        opt->command = CLI_SWEEP;
    else if (strcmp(cmd, "bench") == 0)
        opt->command = CLI_BENCH;
    else
        return sim_fail(err, SIM_ERR_USAGE,
                        "unknown command '%s' (expected run, compare, sweep or validate)", cmd);

    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        SimStatus st;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            opt->command = CLI_HELP;
            return SIM_OK;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (opt->command == CLI_VALIDATE)
                return sim_fail(err, SIM_ERR_USAGE, "%s is an option of run, compare and sweep", a);
            if ((st = need_value(argc, argv, i, err)) != SIM_OK)
                return st;
            if (argv[i + 1][0] == '\0')
                return sim_fail(err, SIM_ERR_USAGE, "%s '': the name is empty; expected a %s name", a,
                                opt->command == CLI_SWEEP ? "folder" : "file");
            opt->output = argv[++i];
        } else if (strcmp(a, "--csv") == 0) {
            if (opt->command != CLI_RUN)
                return sim_fail(err, SIM_ERR_USAGE, "%s is an option of 'run'", a);
            if ((st = need_value(argc, argv, i, err)) != SIM_OK)
                return st;
            if (argv[i + 1][0] == '\0')
                return sim_fail(err, SIM_ERR_USAGE, "%s '': the name is empty; expected a file name", a);
            opt->csv = argv[++i];
        } else if (strcmp(a, "--set") == 0) {
            if ((st = need_value(argc, argv, i, err)) != SIM_OK)
                return st;
            if (opt->n_sets == CLI_MAX_SETS)
                return sim_fail(err, SIM_ERR_USAGE, "more than %d --set options", CLI_MAX_SETS);
            /* `--set KEY VALUE` would take VALUE for a second config: say what is wrong */
            const char *eq = strchr(argv[i + 1], '=');
            if (eq == NULL || eq == argv[i + 1])
                return sim_fail(err, SIM_ERR_USAGE,
                                "--set %s: expected KEY=VALUE in one argument, e.g. --set "
                                "money.velocity=1.5",
                                argv[i + 1]);
            opt->sets[opt->n_sets++] = argv[++i];
        } else if (strcmp(a, "--seed") == 0) {
            if ((st = need_value(argc, argv, i, err)) != SIM_OK)
                return st;
            opt->seed = argv[++i];
            /* checked here so that the message names --seed, not the run.seed it sets */
            const char *d = opt->seed;
            errno = 0;
            char *end;
            unsigned long long v = strtoull(d, &end, 10);
            if (d[0] < '0' || d[0] > '9' || *end != '\0' || errno || v > 9223372036854775807ULL)
                return sim_fail(err, SIM_ERR_USAGE,
                                "--seed %s: expected a whole number in [0, 9223372036854775807]", d);
        } else if (strcmp(a, "--threads") == 0) {
            if ((st = need_value(argc, argv, i, err)) != SIM_OK)
                return st;
            char *end;
            errno = 0;
            long t = strtol(argv[++i], &end, 10);
            if (*end != '\0' || end == argv[i] || errno || t < 1 || t > 1024)
                return sim_fail(err, SIM_ERR_USAGE, "--threads %s: expected a whole number in [1, 1024]",
                                argv[i]);
            opt->threads = (int)t;
        } else if (strcmp(a, "--replicates") == 0) {
            if ((st = need_value(argc, argv, i, err)) != SIM_OK)
                return st;
            if (opt->command == CLI_VALIDATE)
                return sim_fail(err, SIM_ERR_USAGE, "%s is an option of run, compare and sweep", a);
            char *end;
            errno = 0;
            long r = strtol(argv[++i], &end, 10);
            if (*end != '\0' || end == argv[i] || errno || r < 1 || r > 100000)
                return sim_fail(err, SIM_ERR_USAGE,
                                "--replicates %s: expected a whole number in [1, 100000]", argv[i]);
            opt->replicates = (int)r;
        } else if (strcmp(a, "--vary") == 0 || strcmp(a, "--design") == 0) {
            if (opt->command != CLI_SWEEP)
                return sim_fail(err, SIM_ERR_USAGE, "%s is an option of 'sweep'", a);
            if ((st = need_value(argc, argv, i, err)) != SIM_OK)
                return st;
            if (a[2] == 'd')
                opt->design = argv[++i];
            else if (opt->n_vary == CLI_MAX_VARY)
                return sim_fail(err, SIM_ERR_USAGE, "more than %d --vary options", CLI_MAX_VARY);
            else
                opt->vary[opt->n_vary++] = argv[++i];
        } else if (opt->command == CLI_BENCH && strcmp(a, "--agents") == 0) {
            if ((st = need_value(argc, argv, i, err)) != SIM_OK)
                return st;
            opt->bench_agents = argv[++i];
        } else if (opt->command == CLI_BENCH &&
                   (strcmp(a, "--repeats") == 0 || strcmp(a, "--months") == 0 ||
                    strcmp(a, "--max-threads") == 0)) {
            if ((st = need_value(argc, argv, i, err)) != SIM_OK)
                return st;
            char *end;
            errno = 0;
            long v = strtol(argv[++i], &end, 10);
            if (*end != '\0' || end == argv[i] || errno || v < 1 || v > 12000)
                return sim_fail(err, SIM_ERR_USAGE, "%s %s: expected a whole number in [1, 12000]",
                                a, argv[i]);
            if (a[2] == 'r')
                opt->bench_repeats = (int)v;
            else if (a[2] == 'm' && a[3] == 'o')
                opt->bench_months = (int)v;
            else
                opt->bench_max_threads = (int)v;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            opt->quiet = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            char hint[128] = "";
            int k = suggest_closest(a + strspn(a, "-"), OPTIONS,
                                    (int)(sizeof OPTIONS / sizeof OPTIONS[0]));
            if (k >= 0)
                snprintf(hint, sizeof hint, " (did you mean '--%s'?)", OPTIONS[k]);
            return sim_fail(err, SIM_ERR_USAGE, "unknown option '%s'%s; try 'uhisim --help'", a,
                            hint);
        } else if (opt->config == NULL) {
            opt->config = a;
            opt->configs[opt->n_configs++] = a;
        } else if (opt->command == CLI_COMPARE) {
            if (opt->n_configs == CLI_MAX_CONFIGS)
                return sim_fail(err, SIM_ERR_USAGE, "more than %d configs to compare", CLI_MAX_CONFIGS);
            opt->configs[opt->n_configs++] = a;
        } else {
            return sim_fail(err, SIM_ERR_USAGE,
                            "more than one config given ('%s' and '%s'); a scenario layers on "
                            "another with `extends = \"base.cfg\";`",
                            opt->config, a);
        }
    }
    if (opt->config == NULL && opt->command == CLI_BENCH)
        opt->config = "configs/baseline.cfg";
    if (opt->config == NULL)
        return sim_fail(err, SIM_ERR_USAGE, "'%s' needs a CONFIG file, e.g. configs/baseline.cfg",
                        cmd);
    if (opt->command == CLI_SWEEP && opt->output == NULL)
        return sim_fail(err, SIM_ERR_USAGE, "'sweep' needs -o DIR, the folder for its results");
    if (opt->csv && opt->replicates > 0)
        return sim_fail(err, SIM_ERR_USAGE,
                        "--csv with --replicates: an ensemble has no CSV yet (its bands are in the "
                        "JSON); drop --csv, or drop --replicates for the CSV of one run");
    if (opt->command == CLI_SWEEP && opt->n_vary > 0 && opt->design != NULL)
        return sim_fail(err, SIM_ERR_USAGE, "give --vary or --design, not both");
    return SIM_OK;
}
