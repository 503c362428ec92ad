/* occupations.h - The occupation table: read from a config list or a CSV file,
 * and checked. Columns: code, name, class (white|blue), employment [workers] (or
 * share [-] of data.employment_total), mean_wage [nominal $/year], ai_exposure
 * and robot_exposure [0, 1]. */
#pragma once
#include <libconfig.h>

#include "files.h"
#include "json_writer.h"
#include "source.h"

typedef enum JobClass { CLASS_WHITE, CLASS_BLUE } JobClass;

/* One row of the occupation table. */
typedef struct Occupation {
    char code[32];         /* e.g. SOC "15-0000" */
    char name[128];
    int job_class;         /* JobClass */
    double employment;     /* workers */
    double mean_wage;      /* mean annual wage [nominal $/year] */
    double ai_exposure;    /* x_o^ai in [0, 1] */
    double robot_exposure; /* x_o^rb in [0, 1] */
} Occupation;

typedef struct OccupationTable {
    Occupation *rows; /* owned; rows[0..count-1] */
    int count;
    bool uses_share;  /* rows were given as `share` of employment_total */
} OccupationTable;

/* Reads `occupations = ( { code = ...; ... }, ... );` into *out (allocated; the
 * caller frees out->rows). loc names the setting ("file:line") for messages;
 * src, if not NULL, maps the setting's lines to files (each row is then named
 * by its own file and line). Returns SIM_ERR_CONFIG naming the row, the key and
 * what was expected. */
SimStatus occupations_from_setting(const config_setting_t *list, const char *loc,
                                   const SourceText *src, OccupationTable *out, SimError *err);

/* Reads a CSV occupation table (header row naming the columns, in any order;
 * RFC 4180 quoting) through csv_table_read: a regular file of at most
 * FILES_TABLE_MAX bytes of UTF-8 text. `where` prefixes open errors ("" or
 * "base.cfg:3: "). Returns SIM_ERR_CONFIG with the file, the physical line and
 * the column for a missing or unknown column or a bad value. */
SimStatus occupations_load_csv(const char *path, const char *where, OccupationTable *out,
                               SimError *err);

/* Checks the whole table: at least one row, unique codes, total employment > 0,
 * and, when rows give `share`, shares summing to 1 (within 1e-6) and
 * employment_total > 0, then turns shares into workers. */
SimStatus occupations_finish(OccupationTable *t, double employment_total, const char *origin,
                             SimError *err);

/* Writes the table as a JSON array of row objects (code, name, class,
 * employment, mean_wage, ai_exposure, robot_exposure), every container in
 * layout. Errors are kept in w. */
void occupations_write_json(const OccupationTable *t, JsonWriter *w, JsonLayout layout);

/* Writes the table as the libconfig list `occupations = ( { code = ...; }, ... );`
 * that occupations_from_setting reads back to the same rows (employment in
 * workers, reals in the fewest digits that read back exactly). */
void occupations_write_config(const OccupationTable *t, FILE *out);
