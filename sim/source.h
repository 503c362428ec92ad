/* source.h - A config file read once into memory, with its @include lines
 * expanded in place, and a map from each line of the result back to the file
 * and line it came from.
 *
 * libconfig never sees a file: it parses this buffer (config_read_string), and
 * the literal checks read the same buffer, so a config from a pipe
 * (`uhisim validate <(cat cfg)`) is read once and checked like a file. Handling
 * @include here also keeps from libconfig what it handles badly: `@include ""`
 * (its scanner calls exit()), a folder ("input in flex scanner failed"), an
 * include cycle ("duplicate setting name"). Each file is also checked for what
 * libconfig would accept without a word: a `/ *` comment never closed (the rest
 * of the file is ignored), bytes that are not UTF-8, a NUL byte (the rest of
 * the file is ignored); a UTF-8 byte-order mark is skipped. */
#pragma once
#include <stddef.h>

#include "status.h"

enum { SOURCE_INCLUDE_DEPTH_MAX = 10 }; /* libconfig's own limit */

/* Where one line of SourceText.text comes from. */
typedef struct SourceLine {
    int file;      /* index into SourceText.files */
    unsigned line; /* 1-based line in that file */
} SourceLine;

typedef struct SourceText {
    char *text;        /* owned, NUL-terminated; every line ends with '\n' */
    size_t size, cap;  /* bytes of text (the NUL not counted), allocated bytes */
    SourceLine *lines; /* owned; lines[k] is where line k+1 of text comes from */
    size_t n_lines, cap_lines;
    char **files;      /* owned; files[0] is the config's path as given, then each
                        * included file's path as opened (relative to the working folder) */
    int n_files, cap_files;
} SourceText;

/* Reads the config file at `path` (a regular file, or a pipe read up to
 * FILES_CONFIG_MAX bytes) and every file it @includes (relative to the
 * including file's folder, nested at most SOURCE_INCLUDE_DEPTH_MAX deep) into
 * *out (zeroed first; free with source_free, also after an error). Returns
 * SIM_ERR_CONFIG with "FILE:LINE: ..." for an unreadable, missing or folder
 * file or include, an empty include path, an include cycle ("include cycle:
 * a.cfg -> b.cfg -> a.cfg"), an unclosed comment (the line it opens on), a
 * NUL byte or bytes that are not UTF-8. */
SimStatus source_read(const char *path, SourceText *out, SimError *err);

/* As source_read, for config text already in memory (text[0..size-1]), named
 * `label` in messages; its @include paths are relative to the working folder. */
SimStatus source_read_text(const char *label, const char *text, size_t size, SourceText *out,
                           SimError *err);

/* Frees what source_read allocated; s may be zeroed or partly filled. */
void source_free(SourceText *s);

/* Writes "FILE:LINE" for line `line` (1-based) of s->text into buf; a line
 * outside the text is named as that line of files[0]. */
void source_where(const SourceText *s, unsigned line, char *buf, size_t size);

/* Copies line `line` (1-based) of s->text, without its '\n', into buf ("" if
 * there is no such line). */
void source_line_text(const SourceText *s, unsigned line, char *buf, size_t size);
