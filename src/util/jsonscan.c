/*
 * jsonscan.c: a validating, non-allocating JSON scanner that keeps only
 * the values at the paths it was asked for.
 *
 * The wanted paths form a small trie. Scanning an object at a trie node
 * compares each key with that node's children only, so keys nobody wants
 * cost a length check, and their subtrees are skipped with no path work.
 *
 * A caller that scans line after line passes a memo (bwx_js_memo): the
 * bytes of each object's members as last read, so that a member that
 * repeats the line before byte for byte is one compare instead of a key
 * scan and a lookup (bench/ingest/PROFILE.md, fourth round).
 */
#include "jsonscan.h"
#include "utf8.h"
#include "vec.h"

#include <errno.h>
#include <stdlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <string.h>

#define MAX_DEPTH 256

typedef struct node node;
struct node {
	const char *name; /* into the caller's path string */
	size_t name_len;
	int index; /* the path this node ends, or -1 */
	node *children;
	size_t child_count, child_capacity;
	/* Bit n set: a child's name is n bytes long (names of 63 bytes and
	 * more set bit 63). Most keys of a log line are wanted by nobody; this
	 * turns them away with one test instead of a walk over the children. */
	uint64_t child_lengths;
	/* The children by a hash of their name (child_hash): bucket[h] is
	 * 1 + the index of the first child in bucket h, 0 for none; a child's
	 * 'chain' is 1 + the index of the next child in its parent's bucket.
	 * Looking a key up is then one hash and, nearly always, one compare;
	 * the walk over every child it replaces was a fifth of the scan and
	 * most of its mispredicted branches (cachegrind). */
	unsigned char bucket[64];
	unsigned char chain;
	/* The multiplier of this node's child_hash, chosen when the trie is
	 * built so that no two children share a bucket where one can be found
	 * (index_children): a key is then one probe, never a walk down a
	 * chain. "type", "time", "ts" and "workspace_id" shared a bucket under
	 * the fixed hash, and two of them are in every log line (perf: the
	 * chain's loads and mispredictions were a third of the key lookup). */
	uint32_t seed;
	/* The name again, zero-padded to 32 bytes (names of up to 32 bytes):
	 * a key is compared with it 16 bytes at a time, in registers, where
	 * the call to libc's memcmp was an eighth of the ingest (perf). */
	unsigned char padded[32];
	/* This object's row of a bwx_js_memo, or -1 (a node with no
	 * children, or past the memo's rows). */
	int memo_row;
};

/* More children than this: bwx_jsonscan_new refuses (no caller is near). */
#define MAX_CHILDREN 255

/* The bucket of a name (len > 0) under a node's seed: its length, first,
 * second and last bytes mixed by one multiply, the top six bits kept. The
 * second byte tells "time" from "type", which length, first and last byte
 * do not. */
static inline unsigned child_hash(const char *name, size_t len, uint32_t seed)
{
	uint32_t x = (uint32_t)len | (uint32_t)(unsigned char)name[0] << 8 |
	             (uint32_t)(unsigned char)name[len > 1] << 16 |
	             (uint32_t)(unsigned char)name[len - 1] << 24;
	return (unsigned)((x * seed) >> 26);
}

/* Odd multipliers tried in turn for a node's children (the first that
 * puts every child in a bucket of its own is kept): 64 buckets for at most
 * a few dozen children: a few hundred tries at most (the 21 top-level
 * names of a Messages line take 113; the last try is kept, with chains,
 * when none is found). */
#define SEED_TRIES 4096
static uint32_t seed_at(unsigned k)
{
	/* Knuth's multiplicative constant, then odd numbers spread by it. */
	return UINT32_C(2654435761) + UINT32_C(0x9e3779b8) * k;
}

static inline uint64_t length_bit(size_t len)
{
	return UINT64_C(1) << (len < 63 ? len : 63);
}

struct bwx_jsonscan {
	node root;
	size_t path_count;
};

static node *child_of(node *parent, const char *name, size_t len)
{
	for (size_t i = 0; i < parent->child_count; i++)
		if (parent->children[i].name_len == len &&
		    memcmp(parent->children[i].name, name, len) == 0)
			return &parent->children[i];
	if (bwx_vec_grow((void **)&parent->children, &parent->child_capacity, parent->child_count,
	                 sizeof(*parent->children)) < 0)
		return NULL;
	node *n = &parent->children[parent->child_count++];
	parent->child_lengths |= length_bit(len);
	memset(n, 0, sizeof(*n));
	n->name = name;
	n->name_len = len;
	n->index = -1;
	n->memo_row = -1;
	if (len <= sizeof(n->padded))
		memcpy(n->padded, name, len);
	return n;
}

/* The bucket tables of 'n' and every node below, once the trie is built
 * (the children arrays do not move any more). -1 when a node has more
 * children than a table indexes. */
static int index_children(node *n)
{
	if (n->child_count > MAX_CHILDREN)
		return -1;
	/* The first seed with no two children in one bucket; when none is
	 * (more children than fit), the last one tried, with chains. */
	for (unsigned k = 0; k < SEED_TRIES; k++) {
		int shared = 0;
		n->seed = seed_at(k) | 1;
		memset(n->bucket, 0, sizeof(n->bucket));
		/* Last child first, so each bucket lists its children in order. */
		for (size_t i = n->child_count; i-- > 0;) {
			node *child = &n->children[i];
			if (child->name_len == 0)
				continue; /* an empty key never matches (the scanner skips them) */
			unsigned h = child_hash(child->name, child->name_len, n->seed);
			shared |= n->bucket[h] != 0;
			child->chain = n->bucket[h];
			n->bucket[h] = (unsigned char)(i + 1);
		}
		if (!shared)
			break;
	}
	for (size_t i = 0; i < n->child_count; i++)
		if (index_children(&n->children[i]) < 0)
			return -1;
	return 0;
}

/* Is the key (of the child's length, with 'room' readable bytes from its
 * start) the child's name? */
static inline int name_is(const node *child, const char *key, size_t len, size_t room)
{
#ifdef __SSE2__
	/* Up to 16 bytes compared in one 16-byte step, up to 32 in two; bytes
	 * past the key are read (they are in the text) but left out by the
	 * mask. */
	if (len <= 16 && room >= 16) {
		__m128i k = _mm_loadu_si128((const __m128i *)(const void *)key),
		        n = _mm_loadu_si128((const __m128i *)(const void *)child->padded);
		unsigned same = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(k, n));
		unsigned want = (1u << len) - 1;
		return (same & want) == want;
	}
	if (len <= 32 && room >= 32) {
		__m128i k0 = _mm_loadu_si128((const __m128i *)(const void *)key),
		        k1 = _mm_loadu_si128((const __m128i *)(const void *)(key + 16)),
		        n0 = _mm_loadu_si128((const __m128i *)(const void *)child->padded),
		        n1 = _mm_loadu_si128((const __m128i *)(const void *)(child->padded + 16));
		uint32_t same = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(k0, n0)) |
		                (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(k1, n1)) << 16;
		uint32_t want = len == 32 ? UINT32_MAX : (UINT32_C(1) << len) - 1;
		return (same & want) == want;
	}
#else
	(void)room;
#endif
	return memcmp(child->name, key, len) == 0;
}

/* The child of 'at' named by the key, or NULL ('room': as name_is). */
static inline const node *child_named(const node *at, const char *key, size_t len, size_t room)
{
	if (!(at->child_lengths & length_bit(len)))
		return NULL;
	for (unsigned i = at->bucket[child_hash(key, len, at->seed)]; i != 0;
	     i = at->children[i - 1].chain) {
		const node *child = &at->children[i - 1];
		if (child->name_len == len && name_is(child, key, len, room))
			return child;
	}
	return NULL;
}

/* The memo's rows, depth first from 'n', to the nodes that have
 * children (the objects whose keys are looked up); *next: the next free
 * row. */
static void number_objects(node *n, int *next)
{
	if (n->child_count == 0)
		return;
	if (*next < BWX_JS_MEMO_OBJECTS)
		n->memo_row = (*next)++;
	for (size_t i = 0; i < n->child_count; i++)
		number_objects(&n->children[i], next);
}

static void free_children(node *n)
{
	for (size_t i = 0; i < n->child_count; i++)
		free_children(&n->children[i]);
	free(n->children);
}

bwx_jsonscan *bwx_jsonscan_new(const char *const *paths)
{
	bwx_jsonscan *scan = calloc(1, sizeof(*scan));
	if (scan == NULL)
		return NULL;
	scan->root.index = -1;
	scan->root.memo_row = -1;
	for (size_t i = 0; paths[i] != NULL; i++, scan->path_count++) {
		node *at = &scan->root;
		const char *p = paths[i];
		/* Children arrays move as they grow: walk again from the root. */
		while (at != NULL && *p) {
			const char *dot = strchr(p, '.');
			size_t len = dot ? (size_t)(dot - p) : strlen(p);
			at = child_of(at, p, len);
			p += len + (dot != NULL);
		}
		if (at == NULL) {
			bwx_jsonscan_free(scan);
			return NULL;
		}
		if (at->index < 0)
			at->index = (int)i;
	}
	if (index_children(&scan->root) < 0) {
		bwx_jsonscan_free(scan);
		return NULL;
	}
	int rows = 0;
	number_objects(&scan->root, &rows);
	return scan;
}

void bwx_jsonscan_free(bwx_jsonscan *scan)
{
	if (scan == NULL)
		return;
	free_children(&scan->root);
	free(scan);
}

typedef struct {
	const char *p, *end, *begin;
	bwx_js_value *values;
	bwx_js_memo *memo; /* NULL: no guesses */
	uint64_t found;    /* bit i: values[i] kept (paths past the 64th: not told) */
	int depth;
} cursor;

/* Byte classes, looked up rather than compared: the scanner's inner loops
 * run once per byte of every log line. */
enum { PLAIN = 0, STOP = 1, SPACE = 2 };
static const unsigned char string_class[256] = {
    [0x00] = STOP,
    [0x01] = STOP,
    [0x02] = STOP,
    [0x03] = STOP,
    [0x04] = STOP,
    [0x05] = STOP,
    [0x06] = STOP,
    [0x07] = STOP,
    [0x08] = STOP,
    [0x09] = STOP,
    [0x0a] = STOP,
    [0x0b] = STOP,
    [0x0c] = STOP,
    [0x0d] = STOP,
    [0x0e] = STOP,
    [0x0f] = STOP,
    [0x10] = STOP,
    [0x11] = STOP,
    [0x12] = STOP,
    [0x13] = STOP,
    [0x14] = STOP,
    [0x15] = STOP,
    [0x16] = STOP,
    [0x17] = STOP,
    [0x18] = STOP,
    [0x19] = STOP,
    [0x1a] = STOP,
    [0x1b] = STOP,
    [0x1c] = STOP,
    [0x1d] = STOP,
    [0x1e] = STOP,
    [0x1f] = STOP,
    ['"'] = STOP,
    ['\\'] = STOP,
    /* Bytes with the high bit set start (or continue) a UTF-8 character:
     * the scanner checks it where it stands, so no other pass is needed. */
    [0x80 ... 0xff] = STOP,
};
static const unsigned char space_class[256] = {
    [' '] = SPACE,
    ['\t'] = SPACE,
    ['\n'] = SPACE,
    ['\r'] = SPACE,
};

static inline void skip_space(cursor *c)
{
	/* Logs are compact JSON: nearly always the next byte is no space. */
	if (c->p < c->end && (unsigned char)*c->p > ' ')
		return;
	while (c->p < c->end && space_class[(unsigned char)*c->p])
		c->p++;
}

static int hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

/* At the opening quote; leaves c->p after the closing one. Inlined in
 * its two callers (keys, values): the call was a tenth of the scan's
 * instructions for strings that are mostly a few bytes long.
 *
 * The string's text is checked as UTF-8 here, character by character where
 * a byte has its high bit set: outside strings JSON is ASCII (any other
 * byte there fails the grammar), so a text this scanner accepts is
 * well-formed UTF-8 as a whole, with no pass of its own over the bytes. */
static inline __attribute__((always_inline)) int scan_string(cursor *c, const char **start,
                                                             size_t *len, int *escaped)
{
	const char *p = ++c->p;
	*escaped = 0;
	for (;;) {
#ifdef __SSE2__
		/* Sixteen bytes at a time: the first quote, backslash, control
		 * byte or byte of a multibyte character (a signed compare: bytes
		 * 0x80 and up are negative, so below 0x20 too). */
		while (c->end - p >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
			__m128i stop =
			    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
			                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
			                 _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
			int mask = _mm_movemask_epi8(stop);
			if (mask != 0) {
				/* Straight to the stop byte: the loops below would only
				 * look at it again (perf: a fifth of this function). */
				p += __builtin_ctz((unsigned)mask);
				goto at_stop;
			}
			p += 16;
		}
#endif
		/* Plain bytes, four at a time (the tail, or without SSE2). */
		while (c->end - p >= 4 &&
		       !(string_class[(unsigned char)p[0]] | string_class[(unsigned char)p[1]] |
		         string_class[(unsigned char)p[2]] | string_class[(unsigned char)p[3]]))
			p += 4;
		while (p < c->end && !string_class[(unsigned char)*p])
			p++;
#ifdef __SSE2__
	at_stop:
#endif
		if (p >= c->end) {
			c->p = p;
			return -1;
		}
		unsigned char ch = (unsigned char)*p;
		if (ch >= 0x80) {
			/* A multibyte character: whole and well-formed, or the text
			 * is refused here (the caller words it as UTF-8). */
			size_t n =
			    bwx_utf8_char_length((const unsigned char *)p, (size_t)(c->end - p));
			if (n == 0) {
				c->p = p;
				return -1;
			}
			p += n;
			continue;
		}
		if (ch < 0x20) {
			c->p = p;
			return -1;
		}
		if (ch == '"')
			break;
		*escaped = 1;
		if (p + 1 >= c->end) {
			c->p = p;
			return -1;
		}
		char e = p[1];
		if (e == 'u') {
			if (p + 5 >= c->end || !hex(p[2]) || !hex(p[3]) || !hex(p[4]) ||
			    !hex(p[5])) {
				c->p = p;
				return -1;
			}
			p += 6;
		} else if (strchr("\"\\/bfnrt", e) != NULL && e != '\0') {
			p += 2;
		} else {
			c->p = p;
			return -1;
		}
	}
	*start = c->p;
	*len = (size_t)(p - c->p);
	c->p = p + 1;
	return 0;
}

static inline int digit(const cursor *c)
{
	return c->p < c->end && (unsigned char)(*c->p - '0') < 10;
}

/* A number; *count1 is its value + 1 when it is plain digits short
 * enough not to overflow (up to 18), else 0: the counts a reader takes
 * are then not read twice (bwx_js_count). */
/* The value of eight decimal digits, 0..9 a byte, the first (most
 * significant) in the lowest byte: pairs, then fours, then the eight,
 * each step one multiply that combines neighbours (no loop, no branch). */
static inline uint64_t eight_digits(uint64_t d)
{
	d = d * 10 + (d >> 8); /* each byte pair: 10 * high + low, in the low byte */
	return (((d & UINT64_C(0x000000ff000000ff)) * (100 + (UINT64_C(1000000) << 32))) +
	        (((d >> 16) & UINT64_C(0x000000ff000000ff)) * (1 + (UINT64_C(10000) << 32)))) >>
	       32;
}

static inline int scan_number(cursor *c, int64_t *count1)
{
	const char *first = c->p;
	uint64_t n = 0; /* unsigned: past 18 digits it may wrap, and is not used */
	*count1 = 0;
	/* The common count: one to seven digits (0 alone, or not 0-led), then neither a
	 * fraction nor an exponent. Read eight bytes at once: how many digits
	 * lead, and their value, without a loop whose end mispredicts once per
	 * number of a new length. Anything else: the byte by byte rule below. */
	if (c->end - c->p >= 8) {
		uint64_t w;
		memcpy(&w, c->p, 8);
		uint64_t d = w ^ UINT64_C(0x3030303030303030); /* a digit is 0..9 now */
		/* A byte's high bit: not a digit (from 10 up, 0x76 carries into
		 * the high bit; from 0x80 up it is set already). A carry only goes
		 * up, from a byte that is no digit itself: the lowest flag is right. */
		uint64_t other =
		    ((d + UINT64_C(0x7676767676767676)) | d) & UINT64_C(0x8080808080808080);
		if (other != 0) {
			unsigned digits = (unsigned)__builtin_ctzll(other) >> 3;
			char after = c->p[digits];
			if (digits > 0 && (digits == 1 || *c->p != '0') && after != '.' &&
			    after != 'e' && after != 'E') {
				c->p += digits;
				*count1 = (int64_t)eight_digits(d << (64 - 8 * digits)) + 1;
				return 0;
			}
		}
	}
	if (c->p < c->end && *c->p == '-')
		c->p++;
	if (!digit(c))
		return -1;
	if (*c->p == '0')
		c->p++;
	else
		while (digit(c))
			n = n * 10 + (*c->p++ - '0');
	if (first[0] != '-' && c->p - first <= 18)
		*count1 = (int64_t)n + 1;
	if (c->p < c->end && *c->p == '.') {
		*count1 = 0;
		c->p++;
		if (!digit(c))
			return -1;
		while (digit(c))
			c->p++;
	}
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		*count1 = 0;
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (!digit(c))
			return -1;
		while (digit(c))
			c->p++;
	}
	return 0;
}

static int literal(cursor *c, const char *word, size_t n)
{
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return -1;
	c->p += n;
	return 0;
}

/* An object or an array at trie node 'at' (NULL: nobody wants anything
 * below); a call of its own, for nesting. */
static int scan_container(cursor *c, const node *at);

/* The value of node 'at' kept, when the node ends a wanted path not found
 * before. Field by field: a value built on the stack and copied whole was
 * stored in 8-byte parts and loaded in 16-byte ones, a store-forwarding
 * stall on every kept value (perf: a fifth of the scan). */
static inline __attribute__((always_inline)) void keep(cursor *c, const node *at, bwx_js_type type,
                                                       const char *start, size_t len, int escaped,
                                                       int64_t count1)
{
	if (at != NULL && at->index >= 0 && c->values[at->index].type == BWX_JS_ABSENT) {
		bwx_js_value *v = &c->values[at->index];
		c->found |= (uint64_t)(at->index < 64) << (at->index & 63);
		v->type = type;
		v->escaped = escaped;
		v->start = start;
		v->len = len;
		v->count1 = count1;
	}
}

/* One value at trie node 'at': scalars here, inlined in the loops of
 * objects and arrays (a call per value, with the prologue of a large
 * recursive function, was a share of the scan of its own), containers by
 * a call. */
static inline __attribute__((always_inline)) int scan_item(cursor *c, const node *at)
{
	bwx_js_type type;
	int rc, escaped = 0;
	int64_t count1 = 0;

	skip_space(c);
	if (c->p >= c->end)
		return -1;
	const char *start = c->p;
	switch (*c->p) {
	case '{':
	case '[':
		return scan_container(c, at);
	case '"': {
		const char *text;
		size_t len;
		if (scan_string(c, &text, &len, &escaped) < 0)
			return -1;
		keep(c, at, BWX_JS_STRING, text, len, escaped, 0);
		return 0;
	}
	case 't':
		type = BWX_JS_TRUE;
		rc = literal(c, "true", 4);
		break;
	case 'f':
		type = BWX_JS_FALSE;
		rc = literal(c, "false", 5);
		break;
	case 'n':
		type = BWX_JS_NULL;
		rc = literal(c, "null", 4);
		break;
	default:
		type = BWX_JS_NUMBER;
		rc = scan_number(c, &count1);
		break;
	}
	if (rc < 0)
		return -1;
	keep(c, at, type, start, (size_t)(c->p - start), 0, count1);
	return 0;
}

/* Is the next byte that is no space 'ch'? Logs are compact JSON, so the
 * byte itself is tested first, and the spaces are looked for only when it
 * is not 'ch' (one test where a skip, then a test, took two). */
static inline __attribute__((always_inline)) int next_is(cursor *c, char ch)
{
	if (c->p < c->end && *c->p == ch)
		return 1;
	skip_space(c);
	return c->p < c->end && *c->p == ch;
}

/* Are the text's bytes at 'p' the guessed member's (remember, below)?
 * Bytes past them are read when the text has 32 from 'p' (the common
 * case: one 32-byte compare whatever the member's length, no branch on
 * it) but left out by the mask. */
static inline int is_guess(const bwx_js_guess *g, const char *p, const char *end)
{
	uint32_t mask = g->mask;
#ifdef __SSE2__
	if (end - p >= 32) {
		__m128i t0 = _mm_loadu_si128((const __m128i *)(const void *)p),
		        t1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 16)),
		        k0 = _mm_loadu_si128((const __m128i *)(const void *)g->bytes),
		        k1 = _mm_loadu_si128((const __m128i *)(const void *)(g->bytes + 16));
		uint32_t same = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(t0, k0)) |
		                (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(t1, k1)) << 16;
		return mask != 0 && (same & mask) == mask;
	}
#endif
	return mask != 0 && (size_t)(end - p) >= g->len && memcmp(p, g->bytes, g->len) == 0;
}

/* Remember the member's bytes from 'from' (the comma before it, or the
 * key's quote for an object's first) to 'value' (its value's first byte,
 * kept too when 'kind' names it), and the node its value goes to, as the
 * guess for this place of the object. */
static inline void remember(bwx_js_guess *g, const char *from, const char *value, unsigned kind,
                            const node *next)
{
	size_t skip = (size_t)(value - from), len = skip + (kind != 0);
	if (len > sizeof(g->bytes)) {
		g->mask = 0;
		return;
	}
	memset(g->bytes, 0, sizeof(g->bytes));
	memcpy(g->bytes, from, len);
	g->mask = len == 32 ? UINT32_MAX : (UINT32_C(1) << len) - 1;
	g->len = (uint8_t)len;
	g->skip = (uint8_t)skip;
	g->kind = (uint8_t)kind;
	g->next = next;
}

static inline __attribute__((always_inline)) int scan_object(cursor *c, const node *at)
{
	c->p++; /* { */
	if (next_is(c, '}')) {
		c->p++;
		return 0;
	}
	/* The guesses for this object's members, by place (bwx_js_memo): where
	 * the text holds the guessed bytes (the comma before the key, the key,
	 * the colon and, when it is a quote or a bracket, the value's first
	 * byte), their scan, the key's lookup and the dispatch on the value's
	 * first byte are skipped. Identical bytes scan identically, so this
	 * gives what the scan below would, and a text it refuses is refused
	 * there, at the same byte. */
	bwx_js_guess *g = NULL, *last = NULL;
	if (c->memo != NULL && at != NULL && at->memo_row >= 0) {
		g = c->memo->keys[at->memo_row];
		last = g + BWX_JS_MEMO_KEYS;
	}
	for (int first = 1;; first = 0, g = g != NULL && g + 1 < last ? g + 1 : NULL) {
		const node *next = NULL;
		unsigned kind; /* the value's first byte when known: '"', '{', '[' (else 0) */
		if (g != NULL && is_guess(g, c->p, c->end)) {
			next = g->next;
			kind = g->kind;
			c->p += g->skip;
		} else {
			const char *from = c->p, *key;
			size_t key_len;
			int escaped;
			if (!first) {
				if (next_is(c, ',')) {
					c->p++;
				} else if (c->p < c->end && *c->p == '}') {
					c->p++;
					return 0;
				} else {
					return -1;
				}
			}
			if (!next_is(c, '"') || scan_string(c, &key, &key_len, &escaped) < 0 ||
			    !next_is(c, ':'))
				return -1;
			c->p++;
			if (at != NULL && !escaped && key_len > 0)
				next = child_named(at, key, key_len, (size_t)(c->end - key));
			kind = c->p < c->end && (*c->p == '"' || *c->p == '{' || *c->p == '[')
			           ? (unsigned char)*c->p
			           : 0;
			if (g != NULL)
				remember(g, from, c->p, kind, next);
		}
		if (kind == '"') {
			const char *text;
			size_t len;
			int escaped;
			if (scan_string(c, &text, &len, &escaped) < 0)
				return -1;
			keep(c, next, BWX_JS_STRING, text, len, escaped, 0);
		} else if (kind != 0) {
			if (scan_container(c, next) < 0)
				return -1;
		} else if (scan_item(c, next) < 0) {
			return -1;
		}
	}
}

static inline __attribute__((always_inline)) int scan_array(cursor *c)
{
	c->p++; /* [ */
	if (next_is(c, ']')) {
		c->p++;
		return 0;
	}
	for (;;) {
		if (scan_item(c, NULL) < 0)
			return -1;
		if (next_is(c, ',')) {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == ']') {
			c->p++;
			return 0;
		}
		return -1;
	}
}

static int scan_container(cursor *c, const node *at)
{
	const char *start = c->p;
	bwx_js_type type;
	int rc;

	if (++c->depth > MAX_DEPTH)
		return -1;
	if (*c->p == '{') {
		type = BWX_JS_OBJECT;
		rc = scan_object(c, at);
	} else {
		type = BWX_JS_ARRAY;
		rc = scan_array(c);
	}
	c->depth--;
	if (rc < 0)
		return -1;
	keep(c, at, type, start, (size_t)(c->p - start), 0, 0);
	return 0;
}

static int run(const bwx_jsonscan *scan, bwx_js_memo *memo, const char *text, size_t len,
               bwx_js_value *values, uint64_t *found, size_t *error_offset)
{
	cursor c = {text, text + len, text, values, memo, 0, 0};
	int rc = -1;
	if (scan_item(&c, &scan->root) == 0) {
		skip_space(&c);
		rc = c.p == c.end ? 0 : -1;
	}
	*found = c.found;
	if (rc < 0)
		*error_offset = (size_t)(c.p - c.begin);
	return rc;
}

int bwx_jsonscan_run(const bwx_jsonscan *scan, const char *text, size_t len, bwx_js_value *values,
                     size_t *error_offset)
{
	uint64_t found;
	memset(values, 0, scan->path_count * sizeof(*values));
	return run(scan, NULL, text, len, values, &found, error_offset);
}

int bwx_jsonscan_run_again(const bwx_jsonscan *scan, bwx_js_memo *memo, const char *text,
                           size_t len, bwx_js_value *values, uint64_t *found, size_t *error_offset)
{
	if (scan->path_count > 64) {
		memset(values, 0, scan->path_count * sizeof(*values));
	} else {
		/* The values the last text filled, cleared: a log line fills 15 of
		 * its 49, and clearing them all was 3% of an ingest (perf). */
		for (uint64_t m = *found; m != 0; m &= m - 1)
			memset(&values[__builtin_ctzll(m)], 0, sizeof(*values));
	}
	return run(scan, memo, text, len, values, found, error_offset);
}

static size_t put_utf8(char *dst, size_t room, unsigned cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (n > room)
		return 0;
	memcpy(dst, b, n);
	return n;
}

void bwx_js_string(const bwx_js_value *v, char *dst, size_t size)
{
	size_t o = 0;
	if (size == 0)
		return;
	if (v->type != BWX_JS_STRING) {
		dst[0] = '\0';
		return;
	}
	if (!v->escaped) {
		size_t n = v->len < size - 1 ? v->len : size - 1;
		memcpy(dst, v->start, n);
		dst[n] = '\0';
		return;
	}
	for (size_t i = 0; i < v->len && o + 1 < size;) {
		char ch = v->start[i];
		if (ch != '\\') {
			dst[o++] = ch;
			i++;
			continue;
		}
		char e = v->start[i + 1];
		if (e == 'u') {
			unsigned cp =
			    (unsigned)strtoul((char[5]){v->start[i + 2], v->start[i + 3],
			                                v->start[i + 4], v->start[i + 5], 0},
			                      NULL, 16);
			i += 6;
			/* A surrogate pair: join the two halves. */
			if (cp >= 0xd800 && cp < 0xdc00 && i + 5 < v->len && v->start[i] == '\\' &&
			    v->start[i + 1] == 'u') {
				unsigned lo = (unsigned)strtoul(
				    (char[5]){v->start[i + 2], v->start[i + 3], v->start[i + 4],
				              v->start[i + 5], 0},
				    NULL, 16);
				if (lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					i += 6;
				}
			}
			size_t n = put_utf8(dst + o, size - 1 - o, cp);
			if (n == 0)
				break;
			o += n;
			continue;
		}
		static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
		const char *at = strchr(from, e);
		dst[o++] = at ? to[at - from] : e;
		i += 2;
	}
	dst[o] = '\0';
}

int bwx_js_count(const bwx_js_value *v, int64_t *out)
{
	const char *p = v->start, *end = v->start + v->len;
	int64_t n = 0;
	if (v->type == BWX_JS_NUMBER && v->count1 > 0) { /* read by the scanner */
		*out = v->count1 - 1;
		return 0;
	}
	if (v->type == BWX_JS_STRING && v->escaped)
		return -1;
	if (v->type != BWX_JS_NUMBER && v->type != BWX_JS_STRING)
		return -1;
	/* The common count: a few plain digits, which cannot overflow (18
	 * digits stay below INT64_MAX), so no check on each one. */
	if (v->type == BWX_JS_NUMBER && v->len > 0 && v->len <= 18) {
		const char *q = p;
		while (q < end && (unsigned char)(*q - '0') < 10)
			n = n * 10 + (*q++ - '0');
		if (q == end) {
			*out = n;
			return 0;
		}
		n = 0; /* not only digits: the general rule below */
	}
	int negative = p < end && *p == '-';
	p += negative;
	if (p == end)
		return -1;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (n > (INT64_MAX - 9) / 10)
			return -1;
		n = n * 10 + (*p - '0');
	}
	/* 12.0 or 1.2e3 are whole numbers too: let strtod decide. */
	if (p < end) {
		if (v->type != BWX_JS_NUMBER)
			return -1;
		char buf[64];
		if (v->len >= sizeof(buf))
			return -1;
		memcpy(buf, v->start, v->len);
		buf[v->len] = '\0';
		errno = 0;
		double d = strtod(buf, NULL);
		/* Range first: converting 1e30 to int64 is undefined. */
		if (errno != 0 || !(d > -9.2e18 && d < 9.2e18) || d != (double)(int64_t)d)
			return -1;
		*out = (int64_t)d;
		return 0;
	}
	*out = negative ? -n : n;
	return 0;
}
