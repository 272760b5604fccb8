/*
 * test_csv.c: CSV records, fields and quoting (src/util/csv.c).
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "csv.h"

/* Every record of 'text' (written to a file) joined with "|". */
static int read_all(const char *text, int flags, char *out, size_t size, int64_t *lines,
                    size_t max_lines)
{
	char *dir = test_tmpdir(), *path = test_write_file(dir, "in.csv", text);
	bwx_stream *s = NULL;
	bwx_csv *csv = NULL;
	char *rec;
	size_t len, n = 0;
	int got;

	out[0] = '\0';
	assert_int_equal(bwx_stream_open(&s, path), 0);
	assert_int_equal(bwx_csv_open(&csv, s, "in.csv", flags), 0);
	while ((got = bwx_csv_record(csv, &rec, &len)) == 1) {
		assert_int_equal(strlen(rec), len);
		if (n < max_lines)
			lines[n] = bwx_csv_line_number(csv);
		n++;
		strncat(out, rec, size - strlen(out) - 1);
		strncat(out, "|", size - strlen(out) - 1);
	}
	bwx_csv_close(csv);
	bwx_stream_close(s);
	unlink(path);
	free(path);
	test_rmdir_tree(dir);
	return got;
}

static void test_csv__records(void **state)
{
	(void)state;
	char out[512];
	int64_t lines[8];

	assert_int_equal(read_all("a,b\r\n1,2\n\n3,4", 0, out, sizeof(out), lines, 8), 0);
	assert_string_equal(out, "a,b|1,2||3,4|");
	assert_int_equal(lines[3], 4);
	/* A quoted field over three lines is one record; the next starts after it. */
	assert_int_equal(read_all("h\n\"x\r\ny\nz\",1\nnext\n", 0, out, sizeof(out), lines, 8), 0);
	assert_string_equal(out, "h|\"x\ny\nz\",1|next|");
	assert_int_equal(lines[1], 2);
	assert_int_equal(lines[2], 5);
	/* Doubled quotes keep the count even: one line. */
	assert_int_equal(read_all("\"a\"\"b\",c\n", 0, out, sizeof(out), lines, 8), 0);
	assert_string_equal(out, "\"a\"\"b\",c|");
}

static void test_csv__comments_are_not_joined(void **state)
{
	(void)state;
	char out[512];
	int64_t lines[8];

	assert_int_equal(
	    read_all("# it's \"quoted\n1,2\n", BWX_CSV_COMMENTS, out, sizeof(out), lines, 8), 0);
	assert_string_equal(out, "# it's \"quoted|1,2|");
	/* Without the flag the odd quote joins the lines. */
	assert_int_equal(read_all("# it's \"quoted\n1,\"2\n", 0, out, sizeof(out), lines, 8), 0);
	assert_string_equal(out, "# it's \"quoted\n1,\"2|");
}

static void test_csv__quote_that_never_closes(void **state)
{
	(void)state;
	char out[512];
	int64_t lines[8];

	bw_error_clear();
	assert_int_equal(read_all("a\n\"open,1\n2,3\n", 0, out, sizeof(out), lines, 8), BW_EPARSE);
	assert_string_equal(out, "a|");
	assert_non_null(strstr(bw_error_last(), "in.csv:2: a quoted field that never closes"));
}

static void test_csv__split(void **state)
{
	(void)state;
	bwx_csv_fields f = BWX_CSV_FIELDS_INIT;
	char text[128];

	snprintf(text, sizeof(text), "a,\"b,c\",\"say \"\"hi\"\"\",,\"x\ny\"");
	assert_int_equal(bwx_csv_split(text, &f), 5);
	assert_string_equal(f.items[0], "a");
	assert_string_equal(f.items[1], "b,c");
	assert_string_equal(f.items[2], "say \"hi\"");
	assert_string_equal(f.items[3], "");
	assert_string_equal(f.items[4], "x\ny");
	/* Columns: each field starts where it started. */
	assert_int_equal(f.items[1] - text + 1, 3);
	assert_int_equal(f.items[3] - text + 1, 22);

	snprintf(text, sizeof(text), "%s", "");
	assert_int_equal(bwx_csv_split(text, &f), 1);
	assert_string_equal(f.items[0], "");
	snprintf(text, sizeof(text), "%s", "1,2,");
	assert_int_equal(bwx_csv_split(text, &f), 3);
	assert_string_equal(f.items[2], "");
	/* A quote inside an unquoted field is a character; text after a
	 * closing quote is dropped. */
	snprintf(text, sizeof(text), "%s", "ab\"c,\"d\"junk,e");
	assert_int_equal(bwx_csv_split(text, &f), 3);
	assert_string_equal(f.items[0], "ab\"c");
	assert_string_equal(f.items[1], "d");
	assert_string_equal(f.items[2], "e");
	/* Unclosed: the fields before it are kept. */
	snprintf(text, sizeof(text), "%s", "1,\"two");
	assert_int_equal(bwx_csv_split(text, &f), BW_EPARSE);
	assert_int_equal(f.count, 2);
	assert_string_equal(f.items[0], "1");
	assert_string_equal(f.items[1], "two");
	/* Many fields: the array grows. */
	char many[2048] = "";
	for (int i = 0; i < 500; i++)
		strcat(many, i ? ",x" : "x");
	assert_int_equal(bwx_csv_split(many, &f), 500);
	bwx_csv_fields_clear(&f);
	assert_null(f.items);
}

static void test_csv__write_field(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	const char *fields[] = {"plain", "a,b", "say \"hi\"", "two\nlines",
	                        "cr\r",  "",    "semi;colon"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (i)
			fputc('|', out);
		bwx_csv_write_field(out, fields[i]);
	}
	fclose(out);
	assert_string_equal(buf,
	                    "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\"cr\r\"||semi;colon");
	free(buf);
	assert_true(bwx_csv_needs_quotes("a,b"));
	assert_false(bwx_csv_needs_quotes("a b"));

	/* What is written reads back. */
	char text[] = "\"say \"\"hi\"\"\",\"a,b\"";
	bwx_csv_fields f = BWX_CSV_FIELDS_INIT;
	assert_int_equal(bwx_csv_split(text, &f), 2);
	assert_string_equal(f.items[0], "say \"hi\"");
	assert_string_equal(f.items[1], "a,b");
	bwx_csv_fields_clear(&f);
	assert_true(bwx_csv_open_quote("a,\"b"));
	assert_false(bwx_csv_open_quote("a,\"\"b"));
}

/* OWASP's rule against formula injection: a text cell that a spreadsheet
 * would read as a formula (= + - @ TAB CR first) gets a leading quote. */
static void test_csv__write_field_neutralises_formulas(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	const char *fields[] = {
	    "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "a=b", "=1,2"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (i)
			fputc('|', out);
		bwx_csv_write_field(out, fields[i]);
	}
	fclose(out);
	assert_string_equal(buf, "\"'=HYPERLINK(\"\"http://x\"\")\"|'+1|'-2|'@SUM(A1)|'\tx|"
	                         "\"'\rx\"|a=b|\"'=1,2\"");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv__records),
	    cmocka_unit_test(test_csv__comments_are_not_joined),
	    cmocka_unit_test(test_csv__quote_that_never_closes),
	    cmocka_unit_test(test_csv__split),
	    cmocka_unit_test(test_csv__write_field),
	    cmocka_unit_test(test_csv__write_field_neutralises_formulas),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
