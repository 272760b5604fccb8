/*
 * jsonsimd.cpp: the fast path of bwx_jsonscan on simdjson's DOM parser
 * (jsonsimd.h says what it answers and what it leaves to the scalar
 * scanner). The only C++ file of the project: simdjson has no C interface,
 * so this file is that interface; it is compiled without exceptions or
 * RTTI and exports only the two C functions of jsonsimd.h.
 */
#include "jsonsimd.h"

#include <simdjson.h>

#include <cstdint>
#include <cstring>

namespace {

/* More wanted paths than this: the scalar scanner alone (none does today). */
constexpr size_t MAX_PATHS = 64;

/* One parser a thread: the parallel reader's threads share one scanner. */
struct per_thread {
	simdjson::dom::parser parser;
	bool ready = false, failed = false;
	char numbers[MAX_PATHS][24]; /* the text of a wanted integer */
};
thread_local per_thread state;

/* What one line's walk needs besides the trie. */
struct walk {
	const char *text;
	size_t len;
	bwx_js_value *values;
	int minus_zero; /* -1: not looked for yet */
};

/* "-0" is the one JSON integer whose text is not its value printed again
 * (simdjson gives 0): a line that may hold one is left to the scalar
 * scanner, which keeps the text as written. */
bool has_minus_zero(walk &w)
{
	if (w.minus_zero < 0) {
		w.minus_zero = 0;
		for (const char *p = w.text, *end = w.text + w.len;
		     (p = static_cast<const char *>(std::memchr(p, '-', (size_t)(end - p)))) != nullptr;
		     p++)
			if (end - p >= 2 && p[1] == '0' && (end - p == 2 || (unsigned)(p[2] - '0') > 9)) {
				w.minus_zero = 1;
				break;
			}
	}
	return w.minus_zero == 1;
}

size_t put_int(char *out, int64_t v)
{
	char digits[24];
	size_t n = 0, o = 0;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		out[o++] = '-';
	while (n > 0)
		out[o++] = digits[--n];
	return o;
}

/* The value at a wanted path, as the scalar scanner records it. false: not
 * answerable exactly here. */
bool record(walk &w, const bwx_js_node *at, simdjson::dom::element e)
{
	bwx_js_value &v = w.values[at->index];
	switch (e.type()) {
	case simdjson::dom::element_type::STRING: {
		/* No backslash in the line: the string is its text as written. */
		std::string_view s = e.get_string().value_unsafe();
		v.type = BWX_JS_STRING;
		v.start = s.data();
		v.len = s.size();
		return true;
	}
	case simdjson::dom::element_type::INT64: {
		int64_t n = e.get_int64().value_unsafe();
		/* Far past any count: the scalar scanner's overflow rule decides. */
		if (n > INT64_C(999999999999999999) || n < -INT64_C(999999999999999999))
			return false;
		if (n == 0 && has_minus_zero(w))
			return false;
		v.type = BWX_JS_NUMBER;
		v.start = state.numbers[at->index];
		v.len = put_int(state.numbers[at->index], n);
		return true;
	}
	case simdjson::dom::element_type::BOOL:
		v.type = e.get_bool().value_unsafe() ? BWX_JS_TRUE : BWX_JS_FALSE;
		v.start = v.type == BWX_JS_TRUE ? "true" : "false";
		v.len = v.type == BWX_JS_TRUE ? 4 : 5;
		return true;
	case simdjson::dom::element_type::NULL_VALUE:
		v.type = BWX_JS_NULL;
		v.start = "null";
		v.len = 4;
		return true;
	case simdjson::dom::element_type::OBJECT:
		/* An object read for its members is only tested for its type; one
		 * wanted whole (a leaf: a tag, a time) may be quoted as written. */
		if (at->child_count == 0)
			return false;
		v.type = BWX_JS_OBJECT;
		v.start = nullptr;
		v.len = 0;
		return true;
	default: /* arrays (quoted as written), reals and unsigned 64-bit numbers */
		return false;
	}
}

bool visit(walk &w, const bwx_js_node *at, simdjson::dom::element e)
{
	if (at->index >= 0 && w.values[at->index].type == BWX_JS_ABSENT && !record(w, at, e))
		return false;
	if (at->child_count == 0 || e.type() != simdjson::dom::element_type::OBJECT)
		return true;
	/* Members in order, as the scalar scanner meets them: the first
	 * occurrence of a duplicated key wins. Arrays are never entered. */
	simdjson::dom::object object;
	if (e.get_object().get(object) != simdjson::SUCCESS)
		return false;
	for (simdjson::dom::key_value_pair member : object) {
		std::string_view key = member.key;
		if (key.empty())
			continue;
		for (size_t i = 0; i < at->child_count; i++) {
			const bwx_js_node *child = &at->children[i];
			if (child->name_len == key.size() && child->name[0] == key[0] &&
			    std::memcmp(child->name, key.data(), key.size()) == 0) {
				if (!visit(w, child, member.value))
					return false;
				break;
			}
		}
	}
	return true;
}

} // namespace

extern "C" int bwx_jsonsimd_run(const bwx_js_node *root, size_t path_count, const char *text,
                                size_t len, bwx_js_value *values)
{
	/* Escapes: simdjson gives the text unescaped, the scalar scanner keeps
	 * it as written (and never matches an escaped key). Such lines are its. */
	if (path_count > MAX_PATHS || std::memchr(text, '\\', len) != nullptr)
		return 1;
	if (!state.ready) {
		if (state.failed)
			return 1;
		/* The scalar scanner's depth: simdjson then refuses what it refuses. */
		if (state.parser.allocate(4096, BWX_JS_MAX_DEPTH) != simdjson::SUCCESS) {
			state.failed = true;
			return 1;
		}
		state.ready = true;
	}
	simdjson::dom::element doc;
	if (state.parser.parse(text, len, true).get(doc) != simdjson::SUCCESS)
		return 1;
	std::memset(values, 0, path_count * sizeof(*values));
	walk w = {text, len, values, -1};
	return visit(w, root, doc) ? 0 : 1;
}

extern "C" int bwx_jsonsimd_utf8_valid(const char *text, size_t len)
{
	return simdjson::validate_utf8(text, len) ? 1 : 0;
}
