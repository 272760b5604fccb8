/*
 * embedded.h (private): the data files built into the library
 * (data_embed.S). Each is a NUL-terminated JSON text.
 */
#ifndef BANDWISE_EMBEDDED_H
#define BANDWISE_EMBEDDED_H

extern const char bw_embedded__prices_json[];   /* data/prices/anthropic.json */
extern const char bw_embedded__bands_json[];    /* data/bands/default.json */
extern const char bw_embedded__caching_json[];  /* data/caching/anthropic.json */
extern const char bw_embedded__families_json[]; /* data/models/families.json */

#endif
