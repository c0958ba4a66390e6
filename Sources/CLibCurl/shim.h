#ifndef RECUR_CLIBCURL_SHIM_H
#define RECUR_CLIBCURL_SHIM_H
#include <curl/curl.h>

/* Swift cannot call C variadic functions: curl_easy_setopt and curl_easy_getinfo are wrapped here, one typed
   function per kind of argument (libcurl's manual, "curl_easy_setopt": long, char *, void *, curl_slist *,
   function pointer, curl_off_t). */

/** The shape of CURLOPT_READFUNCTION, CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks. */
typedef size_t (*recur_curl_data_callback)(char *buffer, size_t size, size_t count, void *context);

/** The shape of CURLOPT_SEEKFUNCTION callbacks (libcurl rewinds an upload to send it again on a new connection). */
typedef int (*recur_curl_seek_callback)(void *context, curl_off_t offset, int origin);

static inline CURLcode recur_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode recur_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/** libcurl copies strings it is given (since 7.17.0), except CURLOPT_POSTFIELDS. */
static inline CURLcode recur_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode recur_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode recur_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode recur_curl_setopt_callback(CURL *handle, CURLoption option, recur_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode recur_curl_setopt_seek_callback(CURL *handle, CURLoption option, recur_curl_seek_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode recur_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/** curl_global_init(CURL_GLOBAL_ALL): the macro is not imported into Swift. */
static inline CURLcode recur_curl_global_init_all(void) {
    return curl_global_init(CURL_GLOBAL_ALL);
}

#endif
