/* user_media.c: the media of users (user.create/update "medias", user.get selectMedias and
 * selectMediatypes, mediaids and mediatypeids), against the fixed media types of
 * mediatype.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct rule_field user_media_fields[] = {
	{ "mediatypeid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "sendto", { .type = RULE_ANY, .flags = RULE_REQUIRED } },
	{ "active", { .type = RULE_INT32, .in = "0,1" } },
	{ "severity", { .type = RULE_INT32, .in = "0:63" } },
	{ "period", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 1024 } },
	{ NULL, { 0 } },
};
static const struct rule user_media_elem = { .type = RULE_OBJECT, .fields = user_media_fields };
const struct rule user_medias_rule = { .type = RULE_OBJECTS, .elem = &user_media_elem };

static void
user_media_num(cJSON *m, const cJSON *src, const char *key, const char *dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, key);
	char buf[24];

	if (cJSON_IsNumber(v))
		snprintf(buf, sizeof buf, "%d", v->valueint);
	cJSON_AddStringToObject(m, key, cJSON_IsNumber(v) ? buf : cJSON_IsString(v) ?
	    v->valuestring : dflt);
}

int
user_media_take(struct rpc_call *call, const cJSON *medias, size_t i, cJSON **out)
{
	const cJSON *e;
	size_t j = 0;

	*out = cJSON_CreateArray();
	cJSON_ArrayForEach(e, medias) {
		const cJSON *mt = cJSON_GetObjectItemCaseSensitive(e, "mediatypeid");
		const cJSON *to = cJSON_GetObjectItemCaseSensitive(e, "sendto"), *s;
		uint64_t id = 0;
		int type;
		cJSON *m;

		j++;
		id_from_json(mt, &id);
		if ((type = mediatype_type_of(id)) < 0)
			return rpc_fail(call, ERR_PARAM, "Media type with ID \"%s\" is not available.",
			    mt->valuestring);
		/* e-mail: a list of addresses (a string is one); others: one string */
		if (type == 0 && cJSON_IsString(to))
			to = NULL;
		else if (type == 0) {
			bool ok = cJSON_IsArray(to) && cJSON_GetArraySize(to) > 0;

			cJSON_ArrayForEach(s, to)
				ok = ok && cJSON_IsString(s) && s->valuestring[0] != '\0';
			if (!ok)
				return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/medias/%zu/"
				    "sendto\": cannot be empty.", i + 1, j);
		} else if (!cJSON_IsString(to) || to->valuestring[0] == '\0')
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/medias/%zu/sendto\": "
			    "%s.", i + 1, j, cJSON_IsString(to) ? "cannot be empty" :
			    "a character string is expected");
		m = cJSON_CreateObject();
		util_json_add_str(m, "mediatypeid", mt->valuestring);
		if (to == NULL) {
			cJSON *arr = cJSON_AddArrayToObject(m, "sendto");

			cJSON_AddItemToArray(arr, cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(e,
			    "sendto"), true));
		} else
			cJSON_AddItemToObject(m, "sendto", cJSON_Duplicate(to, true));
		user_media_num(m, e, "active", "0");
		user_media_num(m, e, "severity", "63");
		user_media_num(m, e, "period", "1-7,00:00-24:00");
		cJSON_AddItemToArray(*out, m);
	}
	return RPC_COMMIT;
}

int
user_media_write(struct rpc_call *call, uint64_t userid, cJSON *list)
{
	cJSON *m;
	char buf[24];
	int rc = STORE_OK;

	cJSON_ArrayForEach(m, list) {
		uint64_t id;

		if ((rc = store_seq_next(call->txn, "medias", &id)) != STORE_OK)
			break;
		util_json_add_str(m, "mediaid", id_to_str(id, buf));
		util_json_add_str(m, "userid", id_to_str(userid, buf));
	}
	if (rc == STORE_OK) {
		cJSON *doc = cJSON_CreateObject();

		cJSON_AddItemReferenceToObject(doc, "medias", list);
		rc = store_doc_put(call->txn, STORE_DB_USER_MEDIAS, userid, doc);
		cJSON_Delete(doc);
	}
	return rc;
}

/* The user's media (a new array; [] without any); a store_rc. */
static int
user_media_list(struct rpc_call *call, uint64_t userid, cJSON **out)
{
	cJSON *doc;
	int rc = store_doc_get(call->txn, STORE_DB_USER_MEDIAS, userid, &doc);

	*out = NULL;
	if (rc == STORE_ENOTFOUND) {
		*out = cJSON_CreateArray();
		return STORE_OK;
	}
	if (rc != STORE_OK)
		return rc;
	*out = cJSON_DetachItemFromObjectCaseSensitive(doc, "medias");
	cJSON_Delete(doc);
	if (*out == NULL)
		*out = cJSON_CreateArray();
	return STORE_OK;
}

static const char *const user_media_keys[] = { "mediaid", "userid", "mediatypeid", "sendto",
	"active", "severity", "period", NULL };

int
user_media_select(struct rpc_call *call, const cJSON *params, uint64_t userid, cJSON *obj)
{
	struct get_output om = get_output_parse(cJSON_GetObjectItemCaseSensitive(params,
	    "selectMedias"));
	struct get_output ot = get_output_parse(cJSON_GetObjectItemCaseSensitive(params,
	    "selectMediatypes"));
	cJSON *list, *m, *arr;
	struct id_list types = { 0 };
	int rc;

	if (om.mode == GET_NONE && ot.mode == GET_NONE)
		return STORE_OK;
	if ((rc = user_media_list(call, userid, &list)) != STORE_OK)
		return rc;
	if (om.mode == GET_EXTEND || om.mode == GET_LIST) {
		arr = cJSON_AddArrayToObject(obj, "medias");
		cJSON_ArrayForEach(m, list) {
			cJSON *o = cJSON_CreateObject();

			for (size_t k = 0; user_media_keys[k] != NULL; k++)
				if (om.mode == GET_EXTEND || get_list_has_name(om.list, user_media_keys[k]))
					cJSON_AddItemToObject(o, user_media_keys[k], cJSON_Duplicate(
					    cJSON_GetObjectItemCaseSensitive(m, user_media_keys[k]), true));
			cJSON_AddItemToArray(arr, o);
		}
	}
	if (ot.mode == GET_EXTEND || ot.mode == GET_LIST) {
		struct get_nested_opts n = { .add_pk = true };

		/* user.get reads them through mediatype.get: none for a User */
		cJSON_ArrayForEach(m, list) {
			uint64_t id = 0;

			if (util_parse_u64(doc_str(m, "mediatypeid"), &id) && call->user.type >=
			    USER_TYPE_ADMIN)
				id_list_add_unique(&types, id);
		}
		id_list_sort(&types);	/* in the order of their ids, as Zabbix's */
		rc = get_nested(call, &get_kind_mediatype, &types, &ot, &n, &arr);
		if (rc == STORE_OK)
			cJSON_AddItemToObject(obj, "mediatypes", arr);
	}
	id_list_free(&types);
	cJSON_Delete(list);
	return rc;
}

int
user_media_match(struct rpc_call *call, uint64_t userid, const struct id_list *mediaids,
    const struct id_list *typeids, bool *match)
{
	struct id_list one = { 0 };
	struct user_media_ref *refs;
	size_t n;
	int rc;

	id_list_add(&one, userid);
	rc = user_media_refs(call, &one, &refs, &n);
	*match = false;
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		if ((mediaids == NULL || id_list_has(mediaids, refs[i].mediaid)) &&
		    (typeids == NULL || id_list_has(typeids, refs[i].mediatypeid)))
			*match = true;
	free(refs);
	id_list_free(&one);
	return rc;
}

int
user_media_refs(struct rpc_call *call, const struct id_list *userids, struct user_media_ref **out,
    size_t *n)
{
	struct id_list users = { 0 };
	size_t cap = 0;
	int rc = STORE_OK;

	*out = NULL;
	*n = 0;
	if (userids == NULL)
		rc = store_id_scan(call->txn, STORE_DB_USER_MEDIAS, &users);
	for (size_t i = 0; rc == STORE_OK && i < (userids ? userids->n : users.n); i++) {
		uint64_t uid = userids ? userids->ids[i] : users.ids[i];
		cJSON *list, *m;

		if ((rc = user_media_list(call, uid, &list)) != STORE_OK)
			break;
		cJSON_ArrayForEach(m, list) {
			struct user_media_ref r = { .userid = uid };

			util_parse_u64(doc_str(m, "mediaid"), &r.mediaid);
			util_parse_u64(doc_str(m, "mediatypeid"), &r.mediatypeid);
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				*out = xrealloc(*out, cap * sizeof **out);
			}
			(*out)[(*n)++] = r;
		}
		cJSON_Delete(list);
	}
	id_list_free(&users);
	return rc;
}
