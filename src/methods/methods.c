/* methods.c: the table of every API method and its contract; the one place to read the whole API. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tmpld/methods.h"
#include "tmpld/util.h"

static const struct rpc_method *const methods_table[] = {
	&method_apiinfo_version,
	&method_configuration_export,
	&method_configuration_import,
	&method_configuration_importcompare,
	&method_host_create,
	&method_host_delete,
	&method_host_get,
	&method_host_massadd,
	&method_host_massremove,
	&method_host_massupdate,
	&method_host_update,
	&method_hostgroup_create,
	&method_hostgroup_delete,
	&method_hostgroup_get,
	&method_hostgroup_massadd,
	&method_hostgroup_massremove,
	&method_hostgroup_massupdate,
	&method_hostgroup_update,
	&method_hostinterface_create,
	&method_hostinterface_delete,
	&method_hostinterface_get,
	&method_hostinterface_massadd,
	&method_hostinterface_massremove,
	&method_hostinterface_replacehostinterfaces,
	&method_hostinterface_update,
	&method_item_create,
	&method_item_delete,
	&method_item_get,
	&method_item_update,
	&method_proctemplate_create,
	&method_proctemplate_delete,
	&method_proctemplate_get,
	&method_proctemplate_list,
	&method_proctemplate_update,
	&method_processinstance_create,
	&method_processinstance_delete,
	&method_processinstance_list,
	&method_processinstance_listbyids,
	&method_processinstance_update,
	&method_servicecategory_create,
	&method_servicecategory_delete,
	&method_servicecategory_list,
	&method_servicecategory_update,
	&method_serviceinstance_addlabels,
	&method_serviceinstance_create,
	&method_serviceinstance_delete,
	&method_serviceinstance_list,
	&method_serviceinstance_listbyhost,
	&method_serviceinstance_listdetail,
	&method_serviceinstance_removelabels,
	&method_serviceinstance_sync,
	&method_servicetemplate_create,
	&method_servicetemplate_delete,
	&method_servicetemplate_difference,
	&method_servicetemplate_get,
	&method_servicetemplate_list,
	&method_servicetemplate_update,
	&method_user_checkauthentication,
	&method_user_login,
	&method_user_logout,
	&method_template_create,
	&method_template_update,
	&method_template_delete,
	&method_template_massadd,
	&method_template_massupdate,
	&method_template_massremove,
	&method_template_get,
	&method_usermacro_get,
	&method_usermacro_create,
	&method_usermacro_update,
	&method_usermacro_delete,
	&method_usermacro_createglobal,
	&method_usermacro_updateglobal,
	&method_usermacro_deleteglobal,
	&method_valuemap_create,
	&method_valuemap_delete,
	&method_valuemap_get,
	&method_valuemap_update,
	&method_role_create,
	&method_role_delete,
	&method_role_get,
	&method_role_update,
	&method_token_create,
	&method_token_delete,
	&method_token_generate,
	&method_token_get,
	&method_token_update,
	&method_user_create,
	&method_user_delete,
	&method_user_get,
	&method_user_unblock,
	&method_user_update,
	&method_usergroup_create,
	&method_usergroup_delete,
	&method_usergroup_get,
	&method_usergroup_update,
	&method_mediatype_get,
	&method_templatedashboard_create,
	&method_templatedashboard_delete,
	&method_templatedashboard_get,
	&method_templatedashboard_update,
	&method_trigger_adddependencies,
	&method_trigger_create,
	&method_trigger_delete,
	&method_trigger_deletedependencies,
	&method_trigger_get,
	&method_trigger_update,
	&method_graph_create,
	&method_graph_delete,
	&method_graph_get,
	&method_graph_update,
	&method_graphitem_get,
	&method_discoveryrule_copy,
	&method_discoveryrule_create,
	&method_discoveryrule_delete,
	&method_discoveryrule_get,
	&method_discoveryrule_update,
	&method_itemprototype_create,
	&method_itemprototype_delete,
	&method_itemprototype_get,
	&method_itemprototype_update,
	&method_httptest_create,
	&method_httptest_delete,
	&method_httptest_get,
	&method_httptest_update,
	&method_graphprototype_create,
	&method_graphprototype_delete,
	&method_graphprototype_get,
	&method_graphprototype_update,
	&method_triggerprototype_create,
	&method_triggerprototype_delete,
	&method_triggerprototype_get,
	&method_triggerprototype_update,
	&method_hostprototype_create,
	&method_hostprototype_delete,
	&method_hostprototype_get,
	&method_hostprototype_update,
};

#define METHODS_COUNT (sizeof methods_table / sizeof methods_table[0])

/* Every API of Zabbix 6.0, so that unknown methods get Zabbix's own "Incorrect method" text. */
static const char *const methods_zabbix_apis[] = {
	"action", "alert", "apiinfo", "auditlog", "authentication", "autoregistration",
	"configuration", "correlation", "dashboard", "dcheck", "dhost", "discoveryrule", "drule",
	"dservice", "event", "graph", "graphitem", "graphprototype", "hanode", "history", "host",
	"hostgroup", "hostinterface", "hostprototype", "housekeeping", "httptest", "iconmap",
	"image", "item", "itemprototype", "maintenance", "map", "mediatype", "module", "problem",
	"proxy", "regexp", "report", "role", "script", "service", "settings", "sla", "task",
	"template", "templatedashboard", "token", "trend", "trigger", "triggerprototype", "user",
	"usergroup", "usermacro", "valuemap",
};

/* True when the first n bytes of name are an API name: Zabbix's, or one of our methods'. */
static bool
methods_api_known(const char *api, size_t n)
{
	for (size_t i = 0; i < sizeof methods_zabbix_apis / sizeof methods_zabbix_apis[0]; i++)
		if (strlen(methods_zabbix_apis[i]) == n && strncasecmp(methods_zabbix_apis[i], api, n) == 0)
			return true;
	for (size_t i = 0; i < METHODS_COUNT; i++) {
		const char *name = methods_table[i]->name;

		if (strncasecmp(name, api, n) == 0 && name[n] == '.')
			return true;
	}
	return false;
}

size_t
methods_count(void)
{
	return METHODS_COUNT;
}

/* The table's indexes ordered by name, case-insensitively (names are unique that way: the
 * contract test checks it), made once: a method is found in log2(count) comparisons. */
static size_t methods_by_name[METHODS_COUNT];
static pthread_once_t methods_by_name_once = PTHREAD_ONCE_INIT;

static int
methods_name_cmp(const void *a, const void *b)
{
	return strcasecmp(methods_table[*(const size_t *)a]->name,
	    methods_table[*(const size_t *)b]->name);
}

static void
methods_by_name_make(void)
{
	for (size_t i = 0; i < METHODS_COUNT; i++)
		methods_by_name[i] = i;
	qsort(methods_by_name, METHODS_COUNT, sizeof methods_by_name[0], methods_name_cmp);
}

/* The table's index of the method of that name (any case), or METHODS_COUNT. */
static size_t
methods_search(const char *name)
{
	size_t lo = 0, hi = METHODS_COUNT;

	pthread_once(&methods_by_name_once, methods_by_name_make);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcasecmp(methods_table[methods_by_name[mid]]->name, name);

		if (c == 0)
			return methods_by_name[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return METHODS_COUNT;
}

size_t
methods_index(const struct rpc_method *m)
{
	size_t i = m != NULL ? methods_search(m->name) : METHODS_COUNT;

	return i < METHODS_COUNT && methods_table[i] == m ? i : METHODS_COUNT;
}

const struct rpc_method *
methods_get(size_t i)
{
	return i < METHODS_COUNT ? methods_table[i] : NULL;
}

cJSON *
methods_contract(void)
{
	cJSON *doc = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(doc, "methods");

	for (size_t i = 0; i < METHODS_COUNT; i++) {
		const struct rpc_method *m = methods_table[i];
		cJSON *o = cJSON_CreateObject(), *flags;

		util_json_add_str(o, "name", m->name);
		flags = cJSON_AddArrayToObject(o, "flags");
		if (m->flags & RPC_NOAUTH)
			cJSON_AddItemToArray(flags, cJSON_CreateString("noauth"));
		if (m->flags & RPC_WRITE)
			cJSON_AddItemToArray(flags, cJSON_CreateString("write"));
		cJSON_AddItemToObject(o, "params", validate_rule_json(m->params));
		cJSON_AddItemToArray(arr, o);
	}
	return doc;
}

const struct rpc_method *
methods_find(const char *name, char **cause)
{
	const char *dot = strchr(name, '.');
	size_t apilen = dot != NULL ? (size_t)(dot - name) : strlen(name);

	size_t i = methods_search(name);

	*cause = NULL;
	if (i < METHODS_COUNT)
		return methods_table[i];
	if (!methods_api_known(name, apilen)) {
		*cause = xasprintf("Incorrect API \"%.*s\".", (int)apilen, name);
		return NULL;
	}
	*cause = xasprintf("Incorrect method \"%.*s.%s\".", (int)apilen, name,
	    dot != NULL ? dot + 1 : "");
	return NULL;
}
