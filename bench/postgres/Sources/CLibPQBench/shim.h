#ifndef RECUR_BENCH_CLIBPQ_SHIM_H
#define RECUR_BENCH_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
