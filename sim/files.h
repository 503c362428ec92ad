/* files.h - Paths relative to a config file, and whole-file reads. */
#pragma once
#include <stddef.h>

/* Writes dir/path into out (size bytes), or path itself when it is absolute or
 * dir is "". A result longer than size is cut; it then fails to open, and the
 * message names it. */
void files_join(char *out, size_t size, const char *dir, const char *path);

/* Returns the whole file as a new NUL-terminated string (free() it), or NULL if
 * it cannot be read (errno set by the failing call). */
char *files_read(const char *path);
