/*
 * standalone.c: replays fuzz corpora without libFuzzer, so `make test`
 * runs every seed and past crash through the readers under gcc's
 * sanitizers. Usage: fuzz_X FILE... ; prints one "PASS" line per file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *data = NULL;
		size_t size = 0, cap = 0, got;
		if (f == NULL) {
			printf("FAIL %s: cannot open\n", argv[i]);
			continue;
		}
		do {
			if (size == cap) {
				cap = cap ? cap * 2 : 4096;
				data = realloc(data, cap);
				if (data == NULL)
					return 1;
			}
			got = fread(data + size, 1, cap - size, f);
			size += got;
		} while (got > 0);
		fclose(f);
		LLVMFuzzerTestOneInput(data, size);
		free(data);
		printf("PASS corpus %s\n", argv[i]);
	}
	return 0;
}
