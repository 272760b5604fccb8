/*
 * fuzz_output.c: the two writers that stand between outside text and a
 * reader (issue #12 items 3 and 4), checked by their properties on any
 * bytes:
 *   - bwx_csv_write_field: the field read back by bwx_csv_split is one
 *     field, the text itself, with a leading quote exactly when a
 *     spreadsheet would have run it as a formula;
 *   - bwx_visible: nothing below 0x20, no DEL, no C1 control and no byte
 *     outside valid UTF-8 comes out, and rendering twice is rendering once.
 * A violated property aborts, which the fuzzer reports as a crash.
 */
#include "csv.h"
#include "visible.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_csv(const char *text)
{
	char *written = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&written, &len);
	if (out == NULL)
		abort();
	bwx_csv_write_field(out, text);
	fclose(out);
	bwx_csv_fields fields = BWX_CSV_FIELDS_INIT;
	if (bwx_csv_split(written, &fields) != 1)
		abort();
	const char *back = fields.items[0];
	if (bwx_csv_formula_like(text)) {
		if (back[0] != '\'' || strcmp(back + 1, text) != 0)
			abort();
	} else if (strcmp(back, text) != 0) {
		abort();
	}
	bwx_csv_fields_clear(&fields);
	free(written);
}

static void check_visible(const char *text)
{
	static char once[1 << 16], twice[1 << 16];
	bwx_visible(once, sizeof(once), text, 0);
	for (const unsigned char *p = (const unsigned char *)once; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			abort();
	if (bwx_visible_needed(once, 0))
		abort();
	bwx_visible(twice, sizeof(twice), once, 0);
	if (strcmp(once, twice) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = malloc(size + 1);
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0'; /* the text up to the first NUL, as C strings are */
	check_csv(text);
	check_visible(text);
	free(text);
	return 0;
}
