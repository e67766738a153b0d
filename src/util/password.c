/* password.c: bcrypt password hashes ($2y$10$, as Zabbix stores them) through libxcrypt. */
#include <crypt.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/util.h"

#define PASSWORD_COST 10

int
password_hash(const char *password, char *out, size_t outlen)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *data;
	const char *h;
	int rc = -1;

	/* NULL random bytes: libxcrypt draws them from the kernel itself. */
	if (crypt_gensalt_rn("$2y$", PASSWORD_COST, NULL, 0, salt, sizeof salt) == NULL)
		return -1;
	data = xcalloc(1, sizeof *data);
	h = crypt_r(password, salt, data);
	if (h != NULL && h[0] == '$' && strlen(h) < outlen) {
		memcpy(out, h, strlen(h) + 1);
		rc = 0;
	}
	explicit_bzero(data, sizeof *data);
	free(data);
	return rc;
}

bool
password_verify(const char *password, const char *hash)
{
	struct crypt_data *data;
	const char *h;
	bool ok = false;
	size_t n = strlen(hash);

	if (n == 0 || n >= PASSWORD_HASH_MAX)
		return false;
	data = xcalloc(1, sizeof *data);
	h = crypt_r(password, hash, data);
	if (h != NULL && h[0] == '$' && strlen(h) == n)
		ok = util_ct_equal(h, hash, n);
	explicit_bzero(data, sizeof *data);
	free(data);
	return ok;
}
