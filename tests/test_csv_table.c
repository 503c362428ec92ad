/* test_csv_table.c - The CSV reader: records with the physical line they start
 * on (blank lines and quoted newlines counted), quotes removed, a byte-order
 * mark skipped, and its errors named by line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_table.h"
#include "test.h"

typedef struct Seen {
    long lines[16];
    int fields[16];
    char first[16][64]; /* first field of each record */
    char second[16][64];
    int n;
} Seen;

static SimStatus keep(const char *const *fields, int n, long line, void *ctx, SimError *err)
{
    (void)err;
    Seen *s = ctx;
    if (s->n < 16) {
        s->lines[s->n] = line;
        s->fields[s->n] = n;
        snprintf(s->first[s->n], sizeof s->first[0], "%s", n > 0 ? fields[0] : "");
        snprintf(s->second[s->n], sizeof s->second[0], "%s", n > 1 ? fields[1] : "");
    }
    s->n++;
    return SIM_OK;
}

/* Writes `size` bytes of text to a fresh file and returns its path. */
static const char *file_with(const char *text, size_t size)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/test_csv_table_%d.csv", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return NULL;
    fwrite(text, 1, size, f);
    fclose(f);
    return path;
}

static int records_should_carry_the_line_they_start_on(void)
{
    /* line 1 header; 2 blank; 3-4 a record with a quoted newline; 5 blank; 6 a record */
    const char text[] = "a,b\n\nx,\"two\nlines\"\n\n\"y\"\"q\",\n";
    const char *path = file_with(text, sizeof text - 1);
    CHECK(path != NULL);
    Seen s = {0};
    long records = 0;
    SimError err = {0};
    CHECK(csv_table_read(path, "", "table", keep, &s, &records, &err) == SIM_OK);
    CHECK(records == 3 && s.n == 3);
    CHECK(s.lines[0] == 1 && s.lines[1] == 3 && s.lines[2] == 6);
    CHECK(strcmp(s.second[1], "two\nlines") == 0);
    CHECK(strcmp(s.first[2], "y\"q") == 0 && s.fields[2] == 2 && s.second[2][0] == '\0');
    unlink(path);
    return 0;
}

static int byte_order_mark_should_be_skipped(void)
{
    const char text[] = "\xEF\xBB\xBF" "code,name\nA,caf\xC3\xA9\n";
    const char *path = file_with(text, sizeof text - 1);
    Seen s = {0};
    long records = 0;
    SimError err = {0};
    CHECK(csv_table_read(path, "", "table", keep, &s, &records, &err) == SIM_OK);
    CHECK(strcmp(s.first[0], "code") == 0 && strcmp(s.second[1], "caf\xC3\xA9") == 0);
    unlink(path);
    return 0;
}

static int errors_should_name_their_line(void)
{
    struct {
        const char *text;
        const char *words;
    } cases[] = {
        {"a,b\n\nx,\"open\ny,z\n", ":3: a quoted field opens on this line and is never closed"},
        {"a,b\nx,y\n\nx,caf\xE9\n", ":4: byte 0xE9 is not UTF-8"},
        {"a,b\nx,y\"z\n", ":2: malformed CSV"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const char *path = file_with(cases[k].text, strlen(cases[k].text));
        Seen s = {0};
        long records = 0;
        SimError err = {0};
        CHECK(csv_table_read(path, "", "table", keep, &s, &records, &err) == SIM_ERR_CONFIG);
        if (strstr(err.message, cases[k].words) == NULL)
            fprintf(stderr, "case %zu: %s\n", k, err.message);
        CHECK(strstr(err.message, cases[k].words) != NULL);
        unlink(path);
    }
    return 0;
}

static int folder_and_device_should_be_refused_by_name(void)
{
    Seen s = {0};
    long records = 0;
    SimError err = {0};
    CHECK(csv_table_read("/tmp", "cfg:3: ", "data.occupations_csv", keep, &s, &records, &err) ==
          SIM_ERR_CONFIG);
    CHECK(strcmp(err.message, "cfg:3: cannot open data.occupations_csv '/tmp': it is a folder") ==
          0);
    SimError err2 = {0};
    CHECK(csv_table_read("/dev/zero", "", "--design", keep, &s, &records, &err2) ==
          SIM_ERR_CONFIG);
    CHECK(strstr(err2.message, "'/dev/zero': it is not a regular file") != NULL);
    CHECK(s.n == 0);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(records_should_carry_the_line_they_start_on, failures);
    RUN(byte_order_mark_should_be_skipped, failures);
    RUN(errors_should_name_their_line, failures);
    RUN(folder_and_device_should_be_refused_by_name, failures);
    return failures != 0;
}
