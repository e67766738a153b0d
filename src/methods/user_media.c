/* user_media.c: the media of users (user.create/update "medias", user.get selectMedias and
 * selectMediatypes, mediaids and mediatypeids), against the media types of a fresh Zabbix
 * 6.0 (tmpld serves no mediatype API: their ids are fixed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The media types of a fresh Zabbix 6.0.14: id, name, type (0 e-mail, 2 SMS, 4 webhook). */
static const struct {
	uint64_t	 id;
	const char	*name;
	int		 type;
} user_mediatypes[] = {
	{ 1, "Email", 0 }, { 3, "SMS", 2 }, { 4, "Email (HTML)", 0 }, { 5, "Mattermost", 4 },
	{ 6, "Opsgenie", 4 }, { 7, "PagerDuty", 4 }, { 8, "Pushover", 4 }, { 9, "Slack", 4 },
	{ 10, "Discord", 4 }, { 11, "SIGNL4", 4 }, { 12, "Jira", 4 },
	{ 13, "Jira with CustomFields", 4 }, { 14, "MS Teams", 4 }, { 15, "Redmine", 4 },
	{ 16, "Telegram", 4 }, { 17, "Zendesk", 4 }, { 18, "ServiceNow", 4 }, { 19, "Zammad", 4 },
	{ 20, "Jira ServiceDesk", 4 }, { 21, "OTRS", 4 }, { 22, "iLert", 4 },
	{ 23, "SolarWinds Service Desk", 4 }, { 24, "SysAid", 4 }, { 25, "TOPdesk", 4 },
	{ 26, "iTop", 4 }, { 27, "Rocket.Chat", 4 }, { 28, "VictorOps", 4 },
	{ 29, "Brevis.one", 4 }, { 30, "Express.ms", 4 }, { 31, "ManageEngine ServiceDesk", 4 },
	{ 32, "Github", 4 }, { 33, "GLPi", 4 }, { 34, "Line", 4 }, { 35, "OTRS CE", 4 },
};
#define USER_MEDIATYPES (sizeof user_mediatypes / sizeof user_mediatypes[0])

static int
user_mediatype_find(uint64_t id)
{
	for (size_t i = 0; i < USER_MEDIATYPES; i++)
		if (user_mediatypes[i].id == id)
			return (int)i;
	return -1;
}

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
		int k;
		cJSON *m;

		j++;
		id_from_json(mt, &id);
		if ((k = user_mediatype_find(id)) < 0)
			return rpc_fail(call, ERR_PARAM, "Media type with ID \"%s\" is not available.",
			    mt->valuestring);
		/* e-mail: a list of addresses (a string is one); others: one string */
		if (user_mediatypes[k].type == 0 && cJSON_IsString(to))
			to = NULL;
		else if (user_mediatypes[k].type == 0) {
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
		cJSON_AddStringToObject(m, "mediatypeid", mt->valuestring);
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
		cJSON_AddStringToObject(m, "mediaid", id_to_str(id, buf));
		cJSON_AddStringToObject(m, "userid", id_to_str(userid, buf));
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
		arr = cJSON_AddArrayToObject(obj, "mediatypes");
		cJSON_ArrayForEach(m, list) {
			uint64_t id = 0;
			int k;

			util_parse_u64(doc_str(m, "mediatypeid"), &id);
			if ((k = user_mediatype_find(id)) < 0 || !id_list_add_unique(&types, id))
				continue;
			cJSON *o = cJSON_CreateObject();
			char buf[24];

			cJSON_AddStringToObject(o, "mediatypeid", id_to_str(id, buf));
			if (ot.mode == GET_EXTEND || get_list_has_name(ot.list, "name"))
				cJSON_AddStringToObject(o, "name", user_mediatypes[k].name);
			snprintf(buf, sizeof buf, "%d", user_mediatypes[k].type);
			if (ot.mode == GET_EXTEND || get_list_has_name(ot.list, "type"))
				cJSON_AddStringToObject(o, "type", buf);
			cJSON_AddItemToArray(arr, o);
		}
	}
	id_list_free(&types);
	cJSON_Delete(list);
	return STORE_OK;
}

int
user_media_match(struct rpc_call *call, uint64_t userid, const struct id_list *mediaids,
    const struct id_list *typeids, bool *match)
{
	cJSON *list, *m;
	int rc = user_media_list(call, userid, &list);

	*match = false;
	if (rc != STORE_OK)
		return rc;
	cJSON_ArrayForEach(m, list) {
		uint64_t mid = 0, tid = 0;

		util_parse_u64(doc_str(m, "mediaid"), &mid);
		util_parse_u64(doc_str(m, "mediatypeid"), &tid);
		if ((mediaids == NULL || id_list_has(mediaids, mid)) &&
		    (typeids == NULL || id_list_has(typeids, tid)))
			*match = true;
	}
	cJSON_Delete(list);
	return STORE_OK;
}
