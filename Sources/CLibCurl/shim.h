#ifndef RECUR_CLIBCURL_SHIM_H
#define RECUR_CLIBCURL_SHIM_H
#include <curl/curl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

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

/* The webhook guard (SSRF): tenants name the URLs, so by default a webhook may only reach public addresses. libcurl
   calls CURLOPT_OPENSOCKETFUNCTION with each address it resolved, before connecting; a refused address is never
   connected to, and DNS answers cannot slip a private address past the check (it runs on the address used). */

/** 1 when an IPv4 address (network byte order) is loopback, private, link-local, shared, reserved or multicast. */
static inline int recur_ipv4_is_internal(uint32_t network_order) {
    uint32_t a = ntohl(network_order);
    return (a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127            /* this network, private, loopback */
        || (a & 0xFFC00000u) == 0x64400000u                                  /* 100.64/10 shared (CGNAT) */
        || (a & 0xFFFF0000u) == 0xA9FE0000u                                  /* 169.254/16 link-local, cloud metadata */
        || (a & 0xFFF00000u) == 0xAC100000u                                  /* 172.16/12 private */
        || (a & 0xFFFFFF00u) == 0xC0000000u                                  /* 192.0.0/24 protocol assignments */
        || (a & 0xFFFF0000u) == 0xC0A80000u                                  /* 192.168/16 private */
        || (a & 0xFFFE0000u) == 0xC6120000u                                  /* 198.18/15 benchmarking */
        || (a >> 28) >= 0xE;                                                 /* 224/4 multicast, 240/4 reserved */
}

/** 1 when an IPv6 address is unspecified, loopback, unique-local, link-local, multicast, or maps an internal IPv4. */
static inline int recur_ipv6_is_internal(const struct in6_addr *address) {
    const unsigned char *b = address->s6_addr;
    static const unsigned char zeros[12] = {0};
    if (memcmp(b, zeros, 12) == 0) return 1;                                  /* ::, ::1, IPv4-compatible */
    if (memcmp(b, zeros, 10) == 0 && b[10] == 0xFF && b[11] == 0xFF) {       /* ::ffff:a.b.c.d */
        uint32_t v4; memcpy(&v4, b + 12, 4); return recur_ipv4_is_internal(v4);
    }
    return (b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) || b[0] == 0xFF;
}

/** Opens the socket unless the address is internal; then sets `*(int *)refused` to 1 and refuses. */
static inline curl_socket_t recur_curl_open_public_socket(void *refused, curlsocktype purpose, struct curl_sockaddr *address) {
    int internal = 0;
    if (address->family == AF_INET && address->addrlen >= sizeof(struct sockaddr_in)) {
        internal = recur_ipv4_is_internal(((const struct sockaddr_in *)(const void *)&address->addr)->sin_addr.s_addr);
    } else if (address->family == AF_INET6 && address->addrlen >= sizeof(struct sockaddr_in6)) {
        internal = recur_ipv6_is_internal(&((const struct sockaddr_in6 *)(const void *)&address->addr)->sin6_addr);
    } else {
        internal = 1;                                                         /* unix sockets and the unknown */
    }
    (void)purpose;
    if (internal) { *(int *)refused = 1; return CURL_SOCKET_BAD; }
    return socket(address->family, address->socktype, address->protocol);
}

/** Lets `handle` connect to public addresses only; `refused` (an int) turns 1 when an address was refused. */
static inline CURLcode recur_curl_public_addresses_only(CURL *handle, int *refused) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, recur_curl_open_public_socket);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_OPENSOCKETDATA, (void *)refused);
}

#endif
