/*
 * bandwise.h: the whole public API of libbandwise.
 *
 * One header per module under bandwise/; this umbrella includes them all.
 * The pipeline: ingest -> store -> spend -> forecast -> plan -> report.
 */
#ifndef BANDWISE_H
#define BANDWISE_H

#include "bandwise/error.h"
#include "bandwise/version.h"
#include "bandwise/usage.h"
#include "bandwise/catalog.h"
#include "bandwise/families.h"
#include "bandwise/store.h"
#include "bandwise/ingest.h"
#include "bandwise/spend.h"
#include "bandwise/paths.h"
#include "bandwise/forecast.h"
#include "bandwise/segments.h"
#include "bandwise/bands.h"
#include "bandwise/contract.h"
#include "bandwise/plan.h"
#include "bandwise/report.h"
#include "bandwise/demo.h"
#include "bandwise/deal.h"
#include "bandwise/offer.h"
#include "bandwise/peers.h"
#include "bandwise/track.h"
#include "bandwise/trace.h"
#include "bandwise/cachesim.h"
#include "bandwise/policy.h"
#include "bandwise/pull.h"
#include "bandwise/reconcile.h"
#include "bandwise/analysis.h"
#include "bandwise/document.h"

#endif
