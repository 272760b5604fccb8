/*
 * data_embed.S: the shipped data files, built into the library so that the
 * binary works from any directory. The files under data/ stay the single
 * source of truth (with their source and date inside); `--prices` and
 * `--bands` read another file at run time instead. Each blob ends with a
 * NUL byte so it can be parsed as a C string.
 */
	.section .rodata
	.balign 16
	.global bw_embedded__prices_json
bw_embedded__prices_json:
	.incbin "data/prices/anthropic.json"
	.byte 0

	.balign 16
	.global bw_embedded__bands_json
bw_embedded__bands_json:
	.incbin "data/bands/default.json"
	.byte 0

	.balign 16
	.global bw_embedded__caching_json
bw_embedded__caching_json:
	.incbin "data/caching/anthropic.json"
	.byte 0

	.balign 16
	.global bw_embedded__families_json
bw_embedded__families_json:
	.incbin "data/models/families.json"
	.byte 0

	.section .note.GNU-stack,"",@progbits
