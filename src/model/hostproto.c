/* hostproto.c: the host prototype record the inheritance engine copies (its ids, key and
 * document). */
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

void
hostproto_dup(struct hostproto *dst, const struct hostproto *src)
{
	*dst = *src;
	dst->key = src->key != NULL ? xstrdup(src->key) : NULL;
	dst->doc = src->doc != NULL ? cJSON_Duplicate(src->doc, true) : NULL;
}

void
hostproto_free(struct hostproto *h)
{
	free(h->key);
	cJSON_Delete(h->doc);
	memset(h, 0, sizeof *h);
}

void
hostproto_set_key(struct hostproto *h, const char *rulekey)
{
	free(h->key);
	h->key = xasprintf("%s\n%s", rulekey, doc_str(h->doc, "host"));
}

const char *
hostproto_host(const char *key)
{
	const char *nl = strchr(key, '\n');

	return nl != NULL ? nl + 1 : key;
}
