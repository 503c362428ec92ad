/* files.c - Paths relative to a config file, and whole-file reads. */
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    char *text;
    size_t size;
    SimError ignored = {0};
    if (files_read_all(path, "", "file", FILES_TABLE_MAX, true, &text, &size, &ignored) != SIM_OK)
        return NULL;
    return text;
}


SimStatus files_read_all(const char *path, const char *where, const char *what, size_t max_bytes,
                         bool regular_only, char **text, size_t *size, SimError *err)
{
    *text = NULL;
    *size = 0;
    struct stat st;
    /* stat first: opening a FIFO for reading would wait for a writer */
    if (stat(path, &st) != 0)
        return sim_fail(err, SIM_ERR_CONFIG, "%scannot open %s '%s': %s", where, what, path,
                        strerror(errno));
    if (S_ISDIR(st.st_mode))
        return sim_fail(err, SIM_ERR_CONFIG, "%scannot open %s '%s': it is a folder", where, what,
                        path);
    if (regular_only && !S_ISREG(st.st_mode))
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%scannot open %s '%s': it is not a regular file (a pipe, FIFO or device "
                        "is not read here)",
                        where, what, path);
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%scannot open %s '%s': it has %jd bytes, more than the %zu allowed", where,
                        what, path, (intmax_t)st.st_size, max_bytes);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return sim_fail(err, SIM_ERR_CONFIG, "%scannot open %s '%s': %s", where, what, path,
                        strerror(errno));
    /* blocking again: a pipe with a writer is read until that writer is done */
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 1 << 16, n = 0;
    char *buf = malloc(cap);
    SimStatus status = SIM_OK;
    for (;;) {
        if (buf == NULL) {
            status = sim_fail(err, SIM_ERR_MEMORY, "out of memory reading '%s'", path);
            break;
        }
        if (n + 1 == cap) {
            if (n >= max_bytes) { /* one byte more than allowed is already too much */
                char probe;
                ssize_t more = read(fd, &probe, 1);
                if (more > 0) {
                    status = sim_fail(err, SIM_ERR_CONFIG,
                                      "%scannot open %s '%s': it holds more than the %zu bytes "
                                      "allowed",
                                      where, what, path, max_bytes);
                    break;
                }
                if (more == 0)
                    break;
                if (errno == EINTR)
                    continue;
                status = sim_fail(err, SIM_ERR_CONFIG, "%scannot read %s '%s': %s", where, what,
                                  path, strerror(errno));
                break;
            }
            size_t grown = cap * 2 > max_bytes + 1 ? max_bytes + 1 : cap * 2;
            char *more = realloc(buf, grown);
            if (more == NULL)
                free(buf);
            buf = more;
            cap = grown;
            continue;
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got == 0)
            break;
        if (got < 0) {
            if (errno == EINTR)
                continue;
            status = sim_fail(err, SIM_ERR_CONFIG, "%scannot read %s '%s': %s", where, what, path,
                              strerror(errno));
            break;
        }
        n += (size_t)got;
    }
    close(fd);
    if (status != SIM_OK) {
        free(buf);
        return status;
    }
    buf[n] = '\0';
    *text = buf;
    *size = n;
    return SIM_OK;
}

size_t files_utf8_prefix(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            else if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else
            return i;
        if (i + len > n || u[i + 1] < lo || u[i + 1] > hi)
            return i;
        for (size_t k = 2; k < len; k++)
            if (u[i + k] < 0x80 || u[i + k] > 0xBF)
                return i;
        i += len;
    }
    return n;
}

SimStatus files_check_text(const char *path, const char *text, size_t size, const char *kind,
                           SimError *err)
{
    size_t good = files_utf8_prefix(text, size);
    const char *nul = memchr(text, '\0', good);
    size_t bad = nul ? (size_t)(nul - text) : good;
    /* a byte-order mark past the start (files joined with `cat`) is valid UTF-8
     * but an invisible character no parser expects */
    size_t mark = 0;
    while (mark + 3 <= bad && memcmp(text + mark, "\xEF\xBB\xBF", 3) != 0)
        mark++;
    if (mark + 3 <= bad) {
        unsigned long at = 1;
        for (size_t i = 0; i < mark; i++)
            at += text[i] == '\n';
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%s:%lu: a UTF-8 byte-order mark (U+FEFF, invisible) inside the file; "
                        "only the start of a file may hold one: delete it",
                        path, at);
    }
    if (bad == size)
        return SIM_OK;
    unsigned long line = 1;
    for (size_t i = 0; i < bad; i++)
        line += text[i] == '\n';
    if (text[bad] == '\0')
        return sim_fail(err, SIM_ERR_CONFIG, "%s:%lu: a NUL byte; %s is text", path, line, kind);
    return sim_fail(err, SIM_ERR_CONFIG,
                    "%s:%lu: byte 0x%02X is not UTF-8 text (a Latin-1 file?); save the file as "
                    "UTF-8",
                    path, line, (unsigned)(unsigned char)text[bad]);
}

bool files_id(const char *path, FileId *id)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return false;
    id->dev = (unsigned long long)sb.st_dev;
    id->ino = (unsigned long long)sb.st_ino;
    return true;
}
