/*
 * web_embed.S: the page of `bandwise serve` (web/), built into the binary
 * so that it works from any directory and serves nothing from disk. Each
 * file has a start and an end label; assets.c turns them into a table.
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

	.section .note.GNU-stack,"",@progbits
