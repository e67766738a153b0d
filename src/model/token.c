/* token.c: API tokens: a new token's 64 hex digits, and the SHA-256 (OpenSSL's libcrypto)
 * under which it is stored and found; the token itself is never stored. */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/evp.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

int
token_new(char out[TOKEN_TEXT_LEN + 1])
{
	unsigned char raw[TOKEN_TEXT_LEN / 2];

	if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
		return -1;
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	explicit_bzero(raw, sizeof raw);
	return 0;
}

int
token_hash(const char *token, unsigned char out[TOKEN_HASH_LEN])
{
	unsigned int n = 0;

	if (EVP_Digest(token, strlen(token), out, &n, EVP_sha256(), NULL) != 1 ||
	    n != TOKEN_HASH_LEN)
		return -1;
	return 0;
}

/* A user group document with Zabbix's defaults. */
cJSON *
usrgrp_new(uint64_t id, const char *name)
{
	cJSON *d = cJSON_CreateObject();
	char buf[24];

	util_json_add_str(d, "usrgrpid", id_to_str(id, buf));
	util_json_add_str(d, "name", name);
	util_json_add_str(d, "gui_access", "0");
	util_json_add_str(d, "users_status", "0");
	util_json_add_str(d, "debug_mode", "0");
	cJSON_AddArrayToObject(d, "rights");
	cJSON_AddArrayToObject(d, "tag_filters");
	return d;
}
