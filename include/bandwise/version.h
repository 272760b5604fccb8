/*
 * bandwise/version.h: the library's version.
 */
#ifndef BANDWISE_VERSION_H
#define BANDWISE_VERSION_H

#define BANDWISE_VERSION "0.1.0"

/* The version the library was built as (may differ from the header's
 * when a program links an older or newer library). */
const char *bw_version(void);

#endif
