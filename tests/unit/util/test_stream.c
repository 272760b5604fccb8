/*
 * test_stream.c: line reading, transparent gzip/zstd, fingerprints (src/util/stream.c).
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "stream.h"

#include <zlib.h>
#include <zstd.h>

static const char text[] = "first\r\nsecond\n\nlast without newline";

static char *write_bytes(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	assert_non_null(path);
	sprintf(path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

static char *write_gzip(const char *dir)
{
	char *path = malloc(strlen(dir) + 16);
	sprintf(path, "%s/t.gz", dir);
	gzFile g = gzopen(path, "wb");
	assert_non_null(g);
	assert_int_equal(gzwrite(g, text, (unsigned)strlen(text)), (int)strlen(text));
	gzclose(g);
	return path;
}

static char *write_zstd(const char *dir)
{
	size_t cap = ZSTD_compressBound(strlen(text));
	char *buf = malloc(cap);
	size_t n = ZSTD_compress(buf, cap, text, strlen(text), 3);
	assert_false(ZSTD_isError(n));
	char *path = write_bytes(dir, "t.zst", buf, n);
	free(buf);
	return path;
}

/* Read every line of 'path', checking them and their numbers; the fingerprint into fp. */
static void check_lines(const char *path, int plain, char fp[65])
{
	bwx_stream *s = NULL;
	char *line;
	size_t len;
	const char *want[] = {"first", "second", "", "last without newline"};

	assert_int_equal(bwx_stream_open(&s, path), 0);
	assert_int_equal(bwx_stream_is_plain(s), plain);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(bwx_stream_line(s, &line, &len), 1);
		assert_string_equal(line, want[i]);
		assert_int_equal(len, strlen(want[i]));
		assert_int_equal(bwx_stream_line_number(s), i + 1);
	}
	assert_int_equal(bwx_stream_line(s, &line, &len), 0);
	bwx_stream_fingerprint(s, fp);
	bwx_stream_close(s);
}

static void test_stream__lines_plain_gzip_zstd(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *plain = write_bytes(dir, "t.txt", text, strlen(text));
	char *gz = write_gzip(dir), *zst = write_zstd(dir);
	char a[65], b[65], c[65];

	check_lines(plain, 1, a);
	check_lines(gz, 0, b);
	check_lines(zst, 0, c);
	/* The fingerprint is of the decompressed bytes: the same for all three. */
	assert_int_equal(strncmp(a, "xxh3-", 5), 0);
	assert_int_equal(strlen(a), 37);
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	free(plain);
	free(gz);
	free(zst);
	test_rmdir_tree(dir);
}

static void test_stream__read_chunks(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *gz = write_gzip(dir);
	bwx_stream *s = NULL;
	char buf[7], all[128] = "";
	long n;

	assert_int_equal(bwx_stream_open(&s, gz), 0);
	while ((n = bwx_stream_read(s, buf, sizeof(buf))) > 0)
		strncat(all, buf, (size_t)n);
	assert_int_equal(n, 0);
	assert_string_equal(all, text);
	assert_true(bwx_stream_raw_offset(s) > 0);
	bwx_stream_close(s);
	free(gz);
	test_rmdir_tree(dir);
}

static void test_stream__errors(void **state)
{
	(void)state;
	bwx_stream *s = NULL;
	char *dir = test_tmpdir();

	assert_int_equal(bwx_stream_open(&s, "/nonexistent/bandwise.txt"), BW_ENOTFOUND);
	assert_null(s);
	assert_non_null(strstr(bw_error_last(), "/nonexistent/bandwise.txt"));
	assert_int_equal(bwx_stream_open(&s, dir), BW_EIO);
	/* A gzip file cut short is a parse error, not a short read. */
	char *gz = write_gzip(dir), *data = NULL;
	FILE *f = fopen(gz, "rb");
	char whole[256];
	size_t n = fread(whole, 1, sizeof(whole), f);
	fclose(f);
	char *cut = write_bytes(dir, "cut.gz", whole, n / 2);
	char *line;
	size_t len;
	int got;
	assert_int_equal(bwx_stream_open(&s, cut), 0);
	while ((got = bwx_stream_line(s, &line, &len)) == 1)
		;
	assert_int_equal(got, BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "corrupt or truncated"));
	bwx_stream_close(s);
	free(data);
	free(gz);
	free(cut);
	test_rmdir_tree(dir);
}

static void test_stream__range(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *plain = write_bytes(dir, "t.txt", text, strlen(text));
	bwx_stream *s = NULL;
	char *line;
	size_t len;

	/* "second\n\n" starts at byte 7. */
	assert_int_equal(bwx_stream_open_range(&s, plain, 7, 8), 0);
	assert_int_equal(bwx_stream_line(s, &line, &len), 1);
	assert_string_equal(line, "second");
	assert_int_equal(bwx_stream_line_number(s), 1);
	assert_int_equal(bwx_stream_line(s, &line, &len), 1);
	assert_string_equal(line, "");
	assert_int_equal(bwx_stream_line(s, &line, &len), 0);
	bwx_stream_close(s);
	free(plain);
	test_rmdir_tree(dir);
}

/* A peek consumes nothing: the lines, a whole read and the fingerprint
 * after it are those of a stream nobody peeked at (a pipe is read once). */
static void test_stream__peek_then_read(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	static const char body[] = "\xef\xbb\xbf\n  \n{\"a\":1}\r\nsecond\n";
	char *path = write_bytes(dir, "p.txt", body, strlen(body));
	bwx_stream *s = NULL;
	const char *peeked;
	char *line, buf[64], fp_peeked[65], fp_plain[65];
	size_t len;

	assert_int_equal(bwx_stream_open(&s, path), 0);
	assert_int_equal(bwx_stream_peek_line(s, &peeked, &len), 1);
	assert_int_equal(len, 7); /* the BOM and the blank lines skipped, no \r */
	assert_memory_equal(peeked, "{\"a\":1}", 7);
	/* The BOM is not part of the first line either. */
	assert_int_equal(bwx_stream_line(s, &line, &len), 1);
	assert_string_equal(line, "");
	assert_int_equal(bwx_stream_line(s, &line, &len), 1);
	assert_string_equal(line, "  ");
	assert_int_equal(bwx_stream_line(s, &line, &len), 1);
	assert_string_equal(line, "{\"a\":1}");
	assert_int_equal(bwx_stream_line_number(s), 3);
	bwx_stream_close(s);

	/* Peek, then read whole: every byte, once. */
	assert_int_equal(bwx_stream_open(&s, path), 0);
	assert_int_equal(bwx_stream_peek_line(s, &peeked, &len), 1);
	size_t got = 0;
	long n;
	while ((n = bwx_stream_read(s, buf + got, 5)) > 0)
		got += (size_t)n;
	assert_int_equal(n, 0);
	assert_int_equal(got, strlen(body));
	assert_memory_equal(buf, body, got);
	bwx_stream_fingerprint(s, fp_peeked);
	bwx_stream_close(s);
	assert_int_equal(bwx_stream_open(&s, path), 0);
	while (bwx_stream_read(s, buf, sizeof(buf)) > 0)
		;
	bwx_stream_fingerprint(s, fp_plain);
	bwx_stream_close(s);
	assert_string_equal(fp_peeked, fp_plain);

	/* A size cap: one byte past it fails, naming the cap. */
	assert_int_equal(bwx_stream_open(&s, path), 0);
	bwx_stream_limit_size(s, 10);
	while ((n = bwx_stream_read(s, buf, sizeof(buf))) > 0)
		;
	assert_int_equal(n, BW_ERANGE);
	bwx_stream_close(s);
	free(path);
	test_rmdir_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stream__lines_plain_gzip_zstd),
	    cmocka_unit_test(test_stream__read_chunks),
	    cmocka_unit_test(test_stream__errors),
	    cmocka_unit_test(test_stream__range),
	    cmocka_unit_test(test_stream__peek_then_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
