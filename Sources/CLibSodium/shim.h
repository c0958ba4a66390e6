#ifndef RECUR_CLIBSODIUM_SHIM_H
#define RECUR_CLIBSODIUM_SHIM_H
#include <sodium.h>

/* The Argon2id parameters are macros Swift does not import when they are expressions: exposed as functions. */

static inline unsigned long long recur_pwhash_opslimit_interactive(void) { return crypto_pwhash_OPSLIMIT_INTERACTIVE; }
static inline size_t recur_pwhash_memlimit_interactive(void) { return crypto_pwhash_MEMLIMIT_INTERACTIVE; }
static inline size_t recur_pwhash_strbytes(void) { return crypto_pwhash_STRBYTES; }

#endif
