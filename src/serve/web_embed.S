/*
 * web_embed.S: the page of `bandwise serve` (web/), built into the binary
 * so that it works from any directory and serves nothing from disk. Each
 * file has a start label and its size (a 64-bit word, computed here by the
 * assembler); assets.c turns them into a table.
 */
	.section .rodata
	.balign 16
	.global serve_web_index_html
	.global serve_web_index_html_end
serve_web_index_html:
	.incbin "web/index.html"
serve_web_index_html_end:

	.balign 16
	.global serve_web_app_css
	.global serve_web_app_css_end
serve_web_app_css:
	.incbin "web/app.css"
serve_web_app_css_end:

	.balign 16
	.global serve_web_app_js
	.global serve_web_app_js_end
serve_web_app_js:
	.incbin "web/app.js"
serve_web_app_js_end:

	.balign 8
	.global serve_web_index_html_size
serve_web_index_html_size:
	.quad serve_web_index_html_end - serve_web_index_html
	.global serve_web_app_css_size
serve_web_app_css_size:
	.quad serve_web_app_css_end - serve_web_app_css
	.global serve_web_app_js_size
serve_web_app_js_size:
	.quad serve_web_app_js_end - serve_web_app_js

	.section .note.GNU-stack,"",@progbits
