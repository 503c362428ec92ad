/* files.c - Paths relative to a config file, and whole-file reads. */
#include "files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void files_join(char *out, size_t size, const char *dir, const char *path)
{
    /* a path longer than PARAM_PATH_MAX is cut and then fails to open, with its name */
    if (path[0] == '/' || dir[0] == '\0') {
        if ((size_t)snprintf(out, size, "%s", path) >= size)
            return;
    } else {
        size_t nd = strlen(dir);
        if (nd + 1 >= size)
            nd = size - 2;
        memcpy(out, dir, nd);
        out[nd] = '/';
        snprintf(out + nd + 1, size - nd - 1, "%s", path);
    }
}

char *files_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t size = 0, cap = 1 << 16;
    char *text = malloc(cap);
    size_t n;
    while (text != NULL && (n = fread(text + size, 1, cap - size - 1, f)) > 0) {
        size += n;
        if (cap - size - 1 == 0) {
            char *more = realloc(text, cap * 2);
            if (more == NULL)
                free(text);
            text = more;
            cap *= 2;
        }
    }
    fclose(f);
    if (text != NULL)
        text[size] = '\0';
    return text;
}

