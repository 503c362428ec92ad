/* source.c - Reading a config and its @include files into one buffer (see
 * source.h). */
#include "source.h"

#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"

/* The files being read, outermost first, to find an include cycle. */
typedef struct IncludeChain {
    dev_t dev[SOURCE_INCLUDE_DEPTH_MAX + 1];
    ino_t ino[SOURCE_INCLUDE_DEPTH_MAX + 1];
    int file[SOURCE_INCLUDE_DEPTH_MAX + 1]; /* index into SourceText.files */
    int depth;
} IncludeChain;

void source_free(SourceText *s)
{
    free(s->text);
    free(s->lines);
    for (int i = 0; i < s->n_files; i++)
        free(s->files[i]);
    free(s->files);
    memset(s, 0, sizeof *s);
}

static SimStatus out_of_memory(SimError *err)
{
    return sim_fail(err, SIM_ERR_MEMORY, "out of memory reading a config file");
}

/* Appends [line, line + n) and a '\n', coming from line `at` of file `file`. */
static SimStatus append_line(SourceText *s, const char *line, size_t n, int file, unsigned at,
                             SimError *err)
{
    if (s->size + n + 2 > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->size + n + 2)
            cap *= 2;
        char *text = realloc(s->text, cap);
        if (text == NULL)
            return out_of_memory(err);
        s->text = text;
        s->cap = cap;
    }
    if (s->n_lines == s->cap_lines) {
        size_t cap = s->cap_lines ? 2 * s->cap_lines : 256;
        SourceLine *lines = realloc(s->lines, cap * sizeof *lines);
        if (lines == NULL)
            return out_of_memory(err);
        s->lines = lines;
        s->cap_lines = cap;
    }
    memcpy(s->text + s->size, line, n);
    s->size += n;
    s->text[s->size++] = '\n';
    s->text[s->size] = '\0';
    s->lines[s->n_lines++] = (SourceLine){file, at};
    return SIM_OK;
}

static SimStatus add_name(SourceText *s, const char *path, SimError *err)
{
    if (s->n_files == s->cap_files) {
        int cap = s->cap_files ? 2 * s->cap_files : 8;
        char **files = realloc(s->files, (size_t)cap * sizeof *files);
        if (files == NULL)
            return out_of_memory(err);
        s->files = files;
        s->cap_files = cap;
    }
    size_t n = strlen(path) + 1;
    if ((s->files[s->n_files] = malloc(n)) == NULL)
        return out_of_memory(err);
    memcpy(s->files[s->n_files++], path, n);
    return SIM_OK;
}

/* The quoted path of an `@include "path"` line starting at q (after the
 * blanks), unescaped into buf; returns where the line goes on after the closing
 * quote, or NULL when the line is not an include or has no closing quote. */
static const char *include_path(const char *q, const char *end, bool *is_include, char *buf,
                                size_t size)
{
    *is_include = false;
    if ((size_t)(end - q) < 8 || memcmp(q, "@include", 8) != 0)
        return NULL;
    *is_include = true;
    q += 8;
    if (q == end || (*q != ' ' && *q != '\t'))
        return NULL;
    while (q < end && (*q == ' ' || *q == '\t'))
        q++;
    if (q == end || *q != '"')
        return NULL;
    size_t o = 0;
    for (q++; q < end && *q != '"'; q++) {
        if (*q == '\\' && q + 1 < end)
            q++;
        if (o + 1 < size)
            buf[o++] = *q;
    }
    buf[o] = '\0';
    return q < end ? q + 1 : NULL;
}

static SimStatus add_file(SourceText *s, const char *path, const char *where, IncludeChain *chain,
                          SimError *err);

/* Handles the @include line `at` of file `file` (path `path`, folder `dir`). */
static SimStatus expand_include(SourceText *s, const char *path, const char *dir, int file,
                                unsigned at, const char *rel, IncludeChain *chain, SimError *err)
{
    if (rel[0] == '\0')
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%s:%u: empty include path (@include \"\" names no file)", path, at);
    if (chain->depth >= SOURCE_INCLUDE_DEPTH_MAX)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%s:%u: @include \"%s\": includes nest more than %d files deep", path, at,
                        rel, SOURCE_INCLUDE_DEPTH_MAX);
    char target[2 * PARAM_PATH_MAX], where[3 * PARAM_PATH_MAX];
    if (strcmp(dir, ".") == 0) /* name it as written */
        snprintf(target, sizeof target, "%s", rel);
    else
        files_join(target, sizeof target, dir, rel);
    snprintf(where, sizeof where, "%s:%u: @include \"%s\": ", path, at, rel);
    struct stat st;
    if (stat(target, &st) == 0)
        for (int d = 0; d < chain->depth; d++)
            if (chain->dev[d] == st.st_dev && chain->ino[d] == st.st_ino) {
                char cycle[SIM_ERROR_MAX];
                size_t o = 0;
                cycle[0] = '\0';
                for (int k = d; k <= chain->depth && o < sizeof cycle; k++) {
                    const char *name = k < chain->depth ? s->files[chain->file[k]] : target;
                    int n = snprintf(cycle + o, sizeof cycle - o, "%s%s", k > d ? " -> " : "",
                                     name);
                    o += n > 0 ? (size_t)n : 0;
                }
                return sim_fail(err, SIM_ERR_CONFIG, "%s:%u: include cycle: %s", path, at, cycle);
            }
    (void)file;
    /* the message of a missing include keeps libconfig's words, which users search for */
    return add_file(s, target, where, chain, err);
}

static SimStatus add_text(SourceText *s, const char *path, const char *text, size_t size,
                          IncludeChain *chain, SimError *err);

static SimStatus add_file(SourceText *s, const char *path, const char *where, IncludeChain *chain,
                          SimError *err)
{
    char *text;
    size_t size;
    const char *what = chain->depth == 0 ? "config file" : "include file";
    SimStatus st = files_read_all(path, where, what, FILES_CONFIG_MAX, false, &text, &size, err);
    if (st != SIM_OK)
        return st;
    struct stat info;
    bool known = stat(path, &info) == 0;
    if (known && !S_ISREG(info.st_mode) && size == 0)
        st = sim_fail(err, SIM_ERR_CONFIG,
                      "%scannot open %s '%s': it gave no text (a pipe or FIFO with nothing "
                      "writing to it?)",
                      where, what, path);
    if (st == SIM_OK) {
        chain->dev[chain->depth] = known ? info.st_dev : 0;
        chain->ino[chain->depth] = known ? info.st_ino : 0;
        st = add_text(s, path, text, size, chain, err);
    }
    free(text);
    return st;
}

/* Appends the file `path`, whose text is text[0..size-1], expanding its
 * includes; chain->dev/ino[chain->depth] already name it. */
static SimStatus add_text(SourceText *s, const char *path, const char *text, size_t size,
                          IncludeChain *chain, SimError *err)
{
    int file = s->n_files;
    SimStatus st = add_name(s, path, err);
    if (st != SIM_OK)
        return st;
    chain->file[chain->depth] = file;
    chain->depth++;

    const char *c = text, *end = text + size;
    if (size >= 3 && memcmp(c, "\xEF\xBB\xBF", 3) == 0) /* a byte-order mark says only "UTF-8" */
        c += 3;
    if ((st = files_check_text(path, c, (size_t)(end - c), "a config", err)) != SIM_OK)
        goto pop;
    char copy[PARAM_PATH_MAX], dir[PARAM_PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    snprintf(dir, sizeof dir, "%s", dirname(copy));

    bool in_comment = false, in_string = false;
    unsigned comment_line = 0;
    for (unsigned at = 1; c < end; at++) {
        const char *nl = memchr(c, '\n', (size_t)(end - c));
        const char *eol = nl ? nl : end;
        const char *q = c;
        while (q < eol && (*q == ' ' || *q == '\t'))
            q++;
        char rel[PARAM_PATH_MAX];
        bool is_include = false;
        const char *rest =
            !in_comment && !in_string ? include_path(q, eol, &is_include, rel, sizeof rel) : NULL;
        if (is_include && rest == NULL) {
            st = sim_fail(err, SIM_ERR_CONFIG,
                          "%s:%u: @include needs a path in double quotes, e.g. @include "
                          "\"tables/us_occupations.cfg\"",
                          path, at);
            goto pop;
        }
        if (is_include) {
            if ((st = expand_include(s, path, dir, file, at, rel, chain, err)) != SIM_OK)
                goto pop;
            q = rest; /* what follows the path is read as a line of its own */
        } else {
            q = c;
        }
        if (q != c || !is_include) {
            if ((st = append_line(s, q, (size_t)(eol - q), file, at, err)) != SIM_OK)
                goto pop;
        }
        /* comments and strings, to know whether the next line starts outside both */
        for (; q < eol; q++) {
            if (in_comment) {
                if (q[0] == '*' && q + 1 < eol && q[1] == '/') {
                    in_comment = false;
                    q++;
                }
            } else if (in_string) {
                if (*q == '\\' && q + 1 < eol)
                    q++;
                else if (*q == '"')
                    in_string = false;
            } else if (*q == '#' || (q[0] == '/' && q + 1 < eol && q[1] == '/')) {
                break;
            } else if (q[0] == '/' && q + 1 < eol && q[1] == '*') {
                in_comment = true;
                comment_line = at;
                q++;
            } else if (*q == '"') {
                in_string = true;
            }
        }
        c = nl ? nl + 1 : end;
    }
    if (in_comment)
        st = sim_fail(err, SIM_ERR_CONFIG,
                      "%s:%u: a /* comment opens here and is never closed (libconfig would "
                      "silently ignore the rest of the file); close it with */",
                      path, comment_line);
pop:
    chain->depth--;
    return st;
}

SimStatus source_read(const char *path, SourceText *out, SimError *err)
{
    memset(out, 0, sizeof *out);
    IncludeChain chain = {.depth = 0};
    SimStatus st = add_file(out, path, "", &chain, err);
    if (st == SIM_OK && out->text == NULL)
        st = append_line(out, "", 0, 0, 1, err); /* an empty file is an empty config */
    return st;
}

SimStatus source_read_text(const char *label, const char *text, size_t size, SourceText *out,
                           SimError *err)
{
    memset(out, 0, sizeof *out);
    IncludeChain chain = {.depth = 0};
    SimStatus st = add_text(out, label, text, size, &chain, err);
    if (st == SIM_OK && out->text == NULL)
        st = append_line(out, "", 0, 0, 1, err);
    return st;
}

void source_where(const SourceText *s, unsigned line, char *buf, size_t size)
{
    if (line >= 1 && line <= s->n_lines) {
        const SourceLine *l = &s->lines[line - 1];
        snprintf(buf, size, "%s:%u", s->files[l->file], l->line);
    } else {
        snprintf(buf, size, "%s:%u", s->n_files > 0 ? s->files[0] : "?", line);
    }
}

void source_line_text(const SourceText *s, unsigned line, char *buf, size_t size)
{
    buf[0] = '\0';
    if (line < 1 || line > s->n_lines || s->text == NULL)
        return;
    const char *q = s->text;
    for (unsigned l = 1; l < line; l++)
        q = strchr(q, '\n') + 1;
    size_t n = strcspn(q, "\n");
    if (n >= size)
        n = size - 1;
    memcpy(buf, q, n);
    buf[n] = '\0';
}
