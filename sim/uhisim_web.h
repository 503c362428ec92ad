/* uhisim_web.h - The browser page's calls into the core (web/): a run, the
 * configuration as a file, and the parameter table, each as one JSON text.
 *
 * The page's WebAssembly build exports these four functions (scripts/web.sh);
 * they are plain C, so the native tests call them too. Each takes the path of a
 * config file (its `extends` and @include resolved from its folder, as for
 * `uhisim run`) and `sets`: `--set` assignments, one per line ("key=value",
 * blank lines ignored), applied in order. Nothing is printed; every result is
 * a NUL-terminated JSON text the caller frees with uhisim_web_free, or NULL
 * when memory ran out. A failure is `{"error": MESSAGE, "exit_status": CODE}`
 * with the message and exit status `uhisim run` would give (2 for a bad config
 * or --set value, 1 for a run whose numbers became NaN or infinite). */
#pragma once

/* Runs config with sets for run.months months on one thread and returns the
 * output document `uhisim run CONFIG --set ...` writes (docs/output.md), with
 * config_files ["config"] and the sets as "overrides". */
char *uhisim_web_run(const char *config, const char *sets);

/* Returns {"config": TEXT}: TEXT is a self-contained libconfig file of every
 * parameter and the occupation table (params_write_config) that `uhisim run`
 * runs to the same numbers as config with sets. */
char *uhisim_web_config(const char *config, const char *sets);

/* Returns {"params": [...]}: the parameter table (params_write_table_json). */
char *uhisim_web_params(void);

/* Frees a text returned by the functions above (NULL is ignored). */
void uhisim_web_free(char *text);
