/* mediatype.c: the media types of a fresh Zabbix 6.0.14 (a fixed, read-only set: tmpld sends
 * no notifications) and mediatype.get over them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define MT_SMTP		0x01u	/* the example SMTP server of the e-mail types */
#define MT_GSM		0x02u	/* the SMS modem /dev/ttyS0 */
#define MT_PLAIN	0x04u	/* content_type 0 (plain text); else 1 (HTML) */
#define MT_TAGS		0x08u	/* process_tags 1 */
#define MT_ONE_TRY	0x10u	/* maxattempts 1; else 3 */
#define MT_PARALLEL	0x20u	/* maxsessions 0 (unlimited); else 1 */
#define MT_FAST		0x40u	/* timeout 10s; else 30s */

/* A default media type: its id, name and type (0 e-mail, 2 SMS, 4 webhook) as a fresh
 * Zabbix 6.0.14 has them, the settings that differ between them, and the event menu entry
 * (show_event_menu is 1 exactly when it has one). */
struct mediatype_default {
	uint64_t	 id;
	const char	*name;
	int		 type;
	unsigned	 flags;
	const char	*menu_url, *menu_name;
};

#define MT_MENU(tag, name)	"{EVENT.TAGS.__" tag "}", name
static const struct mediatype_default mediatypes[] = {
	{ 1, "Email", 0, MT_SMTP | MT_PLAIN, "", "" },
	{ 3, "SMS", 2, MT_GSM, "", "" },
	{ 4, "Email (HTML)", 0, MT_SMTP, "", "" },
	{ 5, "Mattermost", 4, MT_TAGS | MT_ONE_TRY, MT_MENU("mattermost_message_link",
	    "Open in Mattermost: {EVENT.TAGS.__mattermost_channel_name}") },
	{ 6, "Opsgenie", 4, MT_TAGS, MT_MENU("zbx_ops_issuelink",
	    "Opsgenie: {EVENT.TAGS.__zbx_ops_issuekey}") },
	{ 7, "PagerDuty", 4, 0, "", "" },
	{ 8, "Pushover", 4, MT_PARALLEL, "", "" },
	{ 9, "Slack", 4, MT_TAGS, "", "" },
	{ 10, "Discord", 4, 0, "", "" },
	{ 11, "SIGNL4", 4, 0, "", "" },
	{ 12, "Jira", 4, MT_TAGS, MT_MENU("zbx_jira_issuelink",
	    "Jira: {EVENT.TAGS.__zbx_jira_issuekey}") },
	{ 13, "Jira with CustomFields", 4, MT_TAGS, MT_MENU("zbx_jira_issuelink",
	    "Jira: {EVENT.TAGS.__zbx_jira_issuekey}") },
	{ 14, "MS Teams", 4, 0, "", "" },
	{ 15, "Redmine", 4, MT_TAGS, MT_MENU("zbx_redmine_issuelink",
	    "Redmine: issue #{EVENT.TAGS.__zbx_redmine_issue_id}") },
	{ 16, "Telegram", 4, MT_FAST, "", "" },
	{ 17, "Zendesk", 4, MT_TAGS, MT_MENU("zbx_zdk_issuelink",
	    "Zendesk: {EVENT.TAGS.__zbx_zdk_issuekey}") },
	{ 18, "ServiceNow", 4, MT_TAGS, MT_MENU("zbx_servicenow_link",
	    "ServiceNow: {EVENT.TAGS.__zbx_servicenow_number}") },
	{ 19, "Zammad", 4, MT_TAGS, MT_MENU("zbx_zammad_ticketlink",
	    "Zammad: ticket #{EVENT.TAGS.__zbx_zammad_ticket_id}") },
	{ 20, "Jira ServiceDesk", 4, MT_TAGS, MT_MENU("zbx_jira_requestlink",
	    "Jira ServiceDesk: {EVENT.TAGS.__zbx_jira_requestkey}") },
	{ 21, "OTRS", 4, MT_TAGS, MT_MENU("zbx_otrs_ticketlink",
	    "OTRS: ticket #{EVENT.TAGS.__zbx_otrs_ticket_id}") },
	{ 22, "iLert", 4, MT_TAGS, MT_MENU("ilert_incident_url", "iLert incident") },
	{ 23, "SolarWinds Service Desk", 4, MT_TAGS, MT_MENU("zbx_solarwinds_inc_link",
	    "SolarWinds incident ID: {EVENT.TAGS.__zbx_solarwinds_inc_id}") },
	{ 24, "SysAid", 4, MT_TAGS, MT_MENU("zbx_sysaid_incidentlink",
	    "SysAid: incident #{EVENT.TAGS.__zbx_sysaid_incident_id}") },
	{ 25, "TOPdesk", 4, MT_TAGS, MT_MENU("zbx_tpd_issuelink",
	    "TOPdesk: {EVENT.TAGS.__zbx_tpd_issuekey}") },
	{ 26, "iTop", 4, MT_TAGS, MT_MENU("zbx_itop_link", "iTop: {EVENT.TAGS.__zbx_itop_key}") },
	{ 27, "Rocket.Chat", 4, MT_TAGS, MT_MENU("zbx_rc_msg_url", "Rocket.Chat") },
	{ 28, "VictorOps", 4, 0, "", "" },
	{ 29, "Brevis.one", 4, 0, "", "" },
	{ 30, "Express.ms", 4, MT_TAGS, "", "" },
	{ 31, "ManageEngine ServiceDesk", 4, MT_TAGS, MT_MENU("zbx_sd_request_link",
	    "ManageEngine: {EVENT.TAGS.__zbx_sd_request_id}") },
	{ 32, "Github", 4, MT_TAGS, MT_MENU("zbx_github_link",
	    "Github: Issue {EVENT.TAGS.__zbx_github_issue_number}") },
	{ 33, "GLPi", 4, MT_TAGS | MT_ONE_TRY, MT_MENU("zbx_glpi_link",
	    "GLPi: Problem {EVENT.TAGS.__zbx_glpi_problem_id}") },
	{ 34, "Line", 4, 0, "", "" },
	{ 35, "OTRS CE", 4, MT_TAGS, MT_MENU("zbx_otrs_ticketlink",
	    "((OTRS)) CE: ticket #{EVENT.TAGS.__zbx_otrs_ticket_id}") },
};
#define MEDIATYPES (sizeof mediatypes / sizeof mediatypes[0])

static const struct mediatype_default *
mediatype_find(uint64_t id)
{
	for (size_t i = 0; i < MEDIATYPES; i++)
		if (mediatypes[i].id == id)
			return &mediatypes[i];
	return NULL;
}

int
mediatype_type_of(uint64_t id)
{
	const struct mediatype_default *mt = mediatype_find(id);

	return mt != NULL ? mt->type : -1;
}

/* The columns Zabbix's "extend" gives, in its order, less the ones tmpld does not hold
 * (passwd, script, description, parameters). */
static const struct get_field mediatype_fields[] = {
	{ "mediatypeid", GET_F_NUM }, { "type", GET_F_NUM }, { "name", 0 },
	{ "smtp_server", 0 }, { "smtp_helo", 0 }, { "smtp_email", 0 }, { "exec_path", 0 },
	{ "gsm_modem", 0 }, { "username", 0 }, { "status", GET_F_NUM },
	{ "smtp_port", GET_F_NUM }, { "smtp_security", GET_F_NUM },
	{ "smtp_verify_peer", GET_F_NUM }, { "smtp_verify_host", GET_F_NUM },
	{ "smtp_authentication", GET_F_NUM }, { "exec_params", 0 },
	{ "maxsessions", GET_F_NUM }, { "maxattempts", GET_F_NUM }, { "attempt_interval", 0 },
	{ "content_type", GET_F_NUM }, { "timeout", 0 }, { "process_tags", GET_F_NUM },
	{ "show_event_menu", GET_F_NUM }, { "event_menu_url", 0 }, { "event_menu_name", 0 },
	{ NULL, 0 },
};

static const char *const mediatype_sortable[] = { "mediatypeid", NULL };

static cJSON *
mediatype_row(const struct mediatype_default *mt)
{
	cJSON *row = cJSON_CreateObject();
	bool smtp = (mt->flags & MT_SMTP) != 0;
	char buf[24];

	util_json_add_str(row, "mediatypeid", id_to_str(mt->id, buf));
	snprintf(buf, sizeof buf, "%d", mt->type);
	util_json_add_str(row, "type", buf);
	util_json_add_str(row, "name", mt->name);
	util_json_add_str(row, "smtp_server", smtp ? "mail.example.com" : "");
	util_json_add_str(row, "smtp_helo", smtp ? "example.com" : "");
	util_json_add_str(row, "smtp_email", smtp ? "zabbix@example.com" : "");
	util_json_add_str(row, "exec_path", "");
	util_json_add_str(row, "gsm_modem", (mt->flags & MT_GSM) ? "/dev/ttyS0" : "");
	util_json_add_str(row, "username", "");
	util_json_add_str(row, "status", "0");
	util_json_add_str(row, "smtp_port", "25");
	util_json_add_str(row, "smtp_security", "0");
	util_json_add_str(row, "smtp_verify_peer", "0");
	util_json_add_str(row, "smtp_verify_host", "0");
	util_json_add_str(row, "smtp_authentication", "0");
	util_json_add_str(row, "exec_params", "");
	util_json_add_str(row, "maxsessions", (mt->flags & MT_PARALLEL) ? "0" : "1");
	util_json_add_str(row, "maxattempts", (mt->flags & MT_ONE_TRY) ? "1" : "3");
	util_json_add_str(row, "attempt_interval", "10s");
	util_json_add_str(row, "content_type", (mt->flags & MT_PLAIN) ? "0" : "1");
	util_json_add_str(row, "timeout", (mt->flags & MT_FAST) ? "10s" : "30s");
	util_json_add_str(row, "process_tags", (mt->flags & MT_TAGS) ? "1" : "0");
	util_json_add_str(row, "show_event_menu", mt->menu_url[0] != '\0' ? "1" : "0");
	util_json_add_str(row, "event_menu_url", mt->menu_url);
	util_json_add_str(row, "event_menu_name", mt->menu_name);
	return row;
}

static int
mediatype_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	const struct mediatype_default *mt = mediatype_find(id);

	(void)call;
	*row = mt != NULL ? mediatype_row(mt) : NULL;
	return STORE_OK;
}

static int
mediatype_scan(struct rpc_call *call, struct id_list *ids)
{
	(void)call;
	for (size_t i = 0; i < MEDIATYPES; i++)
		id_list_add(ids, mediatypes[i].id);
	return STORE_OK;
}

const struct get_kind get_kind_mediatype = {
	.pk = "mediatypeid", .dbpk = "mediatypeid", .fields = mediatype_fields,
	.sortable = mediatype_sortable, .load = mediatype_load, .scan = mediatype_scan,
};

static bool
mediatype_visible(const struct rpc_call *call, const cJSON *params)
{
	if (call->user.type == USER_TYPE_SUPER_ADMIN)
		return true;
	return call->user.type == USER_TYPE_ADMIN &&
	    !get_truthy(cJSON_GetObjectItemCaseSensitive(params, "editable"));
}

/* mediaids and userids: the types of those media (of those users' media). */
static int
mediatype_cand_media(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	struct id_list mids = { 0 }, uids = { 0 }, types = { 0 };
	bool bym = get_ids_option(params, "mediaids", &mids);
	bool byu = get_ids_option(params, "userids", &uids);
	struct user_media_ref *refs = NULL;
	size_t n = 0;
	int rc = STORE_OK;

	if (bym || byu)
		rc = user_media_refs(call, byu ? &uids : NULL, &refs, &n);
	for (size_t i = 0; i < n; i++)
		if (!bym || id_list_has(&mids, refs[i].mediaid))
			id_list_add(&types, refs[i].mediatypeid);
	if (bym || byu)
		get_cand_take(c, &types);
	free(refs);
	id_list_free(&mids);
	id_list_free(&uids);
	return rc;
}

/* selectUsers: the users with a media of the type, as user.get shows them to the caller. */
static int
mediatype_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .opts = o };
	struct id_list users = { 0 }, seen = { 0 };
	struct user_media_ref *refs = NULL;
	size_t nrefs = 0;
	int rc;

	if (get_output_parse(cJSON_GetObjectItemCaseSensitive(params, "selectUsers")).mode ==
	    GET_NONE)
		return STORE_OK;
	if ((rc = user_media_refs(call, NULL, &refs, &nrefs)) == STORE_OK)
		rc = user_visible_ids(call, false, &seen);
	for (size_t i = 0; rc == STORE_OK && i < nrefs; i++)
		if (refs[i].mediatypeid == id && (call->user.type == USER_TYPE_SUPER_ADMIN ||
		    id_list_has(&seen, refs[i].userid)))
			id_list_add_unique(&users, refs[i].userid);
	id_list_sort(&users);
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectUsers", "users", &get_kind_user, &users,
		    &n, obj);
	free(refs);
	id_list_free(&users);
	id_list_free(&seen);
	return rc;
}

static enum rpc_result
mediatype_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	int rc;

	/* CMediatype::get: a User sees none, an Admin none that it may edit */
	if (!mediatype_visible(call, params))
		return rpc_ok(call, cJSON_CreateArray());
	get_cand_ids(params, "mediatypeids", &c);
	if ((rc = mediatype_cand_media(call, params, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, &get_kind_mediatype, &c, mediatype_selects);
	id_list_free(&c.ids);
	return rc;
}

static const struct rule_field mediatype_get_fields[] = {
	GET_OPT("mediatypeids"), GET_OPT("mediaids"), GET_OPT("userids"), GET_OPT("selectUsers"),
	GET_OPT("groupCount"),
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule mediatype_get_params = GET_PARAMS_RULE(mediatype_get_fields);

const struct rpc_method method_mediatype_get = {
	.name = "mediatype.get", .params = &mediatype_get_params, .exec = mediatype_get_exec,
};
