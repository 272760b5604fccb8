/*
 * fuzz_common.h: what the fuzz targets share. The readers that take a
 * path get the input through one temporary file, made once per process
 * (on /dev/shm when there is one: no disk per input) and rewritten for
 * each input.
 */
#ifndef BANDWISE_FUZZ_COMMON_H
#define BANDWISE_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The temporary file's path, holding data[0, size) (static storage).
 * The file is removed when the process exits. */
static char fuzz_path[64];

static void fuzz_remove(void)
{
	if (fuzz_path[0])
		unlink(fuzz_path);
}

static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	if (fuzz_path[0] == '\0') {
		const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(fuzz_path, sizeof(fuzz_path), "%s/bandwise-fuzz-XXXXXX", dir);
		int fd = mkstemp(fuzz_path);
		if (fd < 0)
			abort();
		close(fd);
		atexit(fuzz_remove);
	}
	FILE *out = fopen(fuzz_path, "wb");
	if (out == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, out) != size)
		abort();
	fclose(out);
	return fuzz_path;
}

#endif
