/* files.h - Paths relative to a config file, and whole-file reads. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "status.h"

enum {
    PARAM_PATH_MAX = 1024,  /* bytes of a path named in a config (with its NUL) */
    PARAM_ORIGIN_MAX = 1100 /* bytes of a location "file:line" or "--set KEY" in messages */
};

/* A file's identity (device and inode), to tell whether two names are one file. */
typedef struct FileId {
    unsigned long long dev, ino;
} FileId;

/* Fills *id for the regular file at path; false if it is not one (or cannot be
 * looked at). */
bool files_id(const char *path, FileId *id);

/* Writes dir/path into out (size bytes), or path itself when it is absolute or
 * dir is "". A result longer than size is cut; it then fails to open, and the
 * message names it. */
void files_join(char *out, size_t size, const char *dir, const char *path);

/* Returns the whole regular file (up to FILES_TABLE_MAX bytes) as a new
 * NUL-terminated string (free() it), or NULL if it cannot be read: the
 * program's own files (sweep rows, manifests), where "unreadable" only means
 * "make it again". files_read_all below, with a message. */
char *files_read(const char *path);

enum {
    FILES_CONFIG_MAX = 16 << 20, /* bytes of one config file (a pipe is read up to this) */
    FILES_TABLE_MAX = 256 << 20  /* bytes of one CSV table */
};

/* Reads the file at `path` once, whole, into a new NUL-terminated buffer: *text
 * (free() it) of *size bytes (the NUL not counted). `what` names the file in
 * messages ("config file", "data.occupations_csv") and `where` is "" or a
 * location prefix ("base.cfg:3: "). A folder is refused; so is anything that
 * is not a regular file when regular_only (a FIFO with no writer would block,
 * /dev/zero never ends); otherwise a pipe or device is read up to max_bytes,
 * and a file of more than max_bytes is refused. A FIFO is opened without
 * waiting for a writer (with none, it reads as empty). Returns SIM_ERR_CONFIG
 * with "WHERE cannot open WHAT 'PATH': REASON", or SIM_ERR_MEMORY. */
SimStatus files_read_all(const char *path, const char *where, const char *what, size_t max_bytes,
                         bool regular_only, char **text, size_t *size, SimError *err);

/* Length of the longest prefix of s[0..n-1] that is valid UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF); n when all of it is. */
size_t files_utf8_prefix(const char *s, size_t n);

/* Checks that text[0..size-1], read from path, is text: SIM_OK, or SIM_ERR_CONFIG
 * naming the line of the first NUL byte ("PATH:LINE: a NUL byte; KIND is text")
 * or of the first byte that is not UTF-8 (with its value and a hint to save the
 * file as UTF-8), or of a byte-order mark inside it (callers skip one at the
 * start). kind names the file in the NUL message ("a CSV table"). */
SimStatus files_check_text(const char *path, const char *text, size_t size, const char *kind,
                           SimError *err);
