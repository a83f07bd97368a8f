// SPDX-License-Identifier: GPL-2.0
/* The tracepoints' definitions: see trace.h. */
#define CREATE_TRACE_POINTS
#include "trace.h"
