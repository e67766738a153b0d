/* test_contract.c: the API contract (the method table and its rule trees) is well formed;
 * run with --dump, it prints the contract as JSON for rpc-specs/check_openrpc.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "unit.h"
#include "tmpld/methods.h"
#include "tmpld/util.h"

/* A rule, references resolved, with the flags the chain adds up to. */
static struct rule
resolved(const struct rule *r)
{
	unsigned flags = r->flags;
	struct rule out;

	while (r->ref != NULL) {
		r = r->ref;
		flags |= r->flags;
	}
	out = *r;
	out.flags = flags;
	return out;
}

static bool
has_field(const struct rule *r, const char *name, size_t len)
{
	for (const struct rule_field *f = r->fields; f != NULL && f->name != NULL; f++)
		if (strlen(f->name) == len && strncmp(f->name, name, len) == 0)
			return true;
	return false;
}

/* Every node: members that fit its type, fields unique, uniq lists naming declared fields,
 * renames naming a declared field; BlueKing only at the root. */
static void
check_rule(const char *method, const struct rule *raw, bool root, int depth)
{
	struct rule r = resolved(raw);

	if (depth > 16)
		fail_msg("%s: rule tree deeper than 16", method);
	if (!root && (r.flags & RULE_BK))
		fail_msg("%s: RULE_BK below the root", method);
	if (r.in != NULL && r.type != RULE_INT32 && r.type != RULE_INTEGER)
		fail_msg("%s: 'in' on a %s rule", method, validate_type_name(r.type));
	if (r.type == RULE_OBJECTS && r.elem == NULL)
		fail_msg("%s: objects without elem", method);
	if (r.type != RULE_OBJECTS && r.elem != NULL)
		fail_msg("%s: elem on a %s rule", method, validate_type_name(r.type));
	if (r.type != RULE_OBJECT && r.fields != NULL)
		fail_msg("%s: fields on a %s rule", method, validate_type_name(r.type));
	for (const struct rule_field *f = r.fields; f != NULL && f->name != NULL; f++) {
		for (const struct rule_field *g = r.fields; g != f; g++)
			if (strcmp(f->name, g->name) == 0)
				fail_msg("%s: field %s declared twice", method, f->name);
		if (f->rule.rename != NULL && !has_field(&r, f->rule.rename,
		    strlen(f->rule.rename)))
			fail_msg("%s: %s renames to an undeclared %s", method, f->name,
			    f->rule.rename);
		check_rule(method, &f->rule, false, depth + 1);
	}
	if (r.uniq != NULL && r.type == RULE_OBJECTS) {
		struct rule e = resolved(r.elem);

		for (const char *const *u = r.uniq; *u != NULL; u++)
			for (const char *p = *u;; p++) {
				size_t n = strcspn(p, ",");

				if (!has_field(&e, p, n))
					fail_msg("%s: uniq names an undeclared field %.*s", method,
					    (int)n, p);
				if (p[n] == '\0')
					break;
				p += n;
			}
	}
	if (r.elem != NULL)
		check_rule(method, r.elem, false, depth + 1);
}

static void
every_method_should_declare_params_and_exec(void **state)
{
	const struct rpc_method *m;

	(void)state;
	for (size_t i = 0; (m = methods_get(i)) != NULL; i++) {
		assert_non_null(m->params);
		assert_non_null(m->exec);
		check_rule(m->name, m->params, true, 0);
	}
}

static void
method_names_should_be_lower_case_unique_and_found(void **state)
{
	const struct rpc_method *m, *o;
	char upper[128], *cause;

	(void)state;
	for (size_t i = 0; (m = methods_get(i)) != NULL; i++) {
		for (const char *c = m->name; *c != '\0'; c++)
			assert_false(*c >= 'A' && *c <= 'Z');
		assert_non_null(strchr(m->name, '.'));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(methods_get(j)->name, m->name);
		snprintf(upper, sizeof upper, "%s", m->name);
		for (char *c = upper; *c != '\0'; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
		o = methods_find(upper, &cause);
		assert_ptr_equal(o, m);
		assert_null(cause);
		assert_int_equal(methods_index(m), i);
	}
	/* a name between two methods, and past the last, is not one */
	assert_null(methods_find("template.gets", &cause));
	assert_string_equal(cause, "Incorrect method \"template.gets\".");
	free(cause);
	assert_null(methods_find("zzz.get", &cause));
	assert_string_equal(cause, "Incorrect API \"zzz\".");
	free(cause);
	assert_int_equal(methods_index(NULL), methods_count());
}

static void
contract_should_list_every_method_with_its_rules(void **state)
{
	cJSON *doc = methods_contract(), *arr = cJSON_GetObjectItem(doc, "methods"), *e;
	size_t n = 0;

	(void)state;
	cJSON_ArrayForEach(e, arr) {
		const struct rpc_method *m = methods_get(n++);
		const cJSON *params = cJSON_GetObjectItem(e, "params");

		assert_non_null(m);
		assert_string_equal(cJSON_GetObjectItem(e, "name")->valuestring, m->name);
		assert_string_equal(cJSON_GetObjectItem(params, "type")->valuestring,
		    validate_type_name(resolved(m->params).type));
	}
	assert_null(methods_get(n));
	cJSON_Delete(doc);
}

/* The BlueKing methods are BlueKing at the root; the others are Zabbix's. */
static void
dialects_should_follow_the_api(void **state)
{
	const struct rpc_method *m;

	(void)state;
	for (size_t i = 0; (m = methods_get(i)) != NULL; i++) {
		bool bk = strncmp(m->name, "proctemplate.", 13) == 0 ||
		    strncmp(m->name, "servicetemplate.", 16) == 0 ||
		    strncmp(m->name, "servicecategory.", 16) == 0 ||
		    strncmp(m->name, "serviceinstance.", 16) == 0 ||
		    strncmp(m->name, "processinstance.", 16) == 0;

		assert_int_equal((m->params->flags & RULE_BK) != 0, bk);
	}
}

static int
dump(void)
{
	cJSON *doc = methods_contract();
	char *text = cJSON_Print(doc);

	fputs(text, stdout);
	fputc('\n', stdout);
	free(text);
	cJSON_Delete(doc);
	return ferror(stdout) ? 1 : 0;
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_method_should_declare_params_and_exec),
		cmocka_unit_test(method_names_should_be_lower_case_unique_and_found),
		cmocka_unit_test(contract_should_list_every_method_with_its_rules),
		cmocka_unit_test(dialects_should_follow_the_api),
	};

	if (argc == 2 && strcmp(argv[1], "--dump") == 0)
		return dump();
	return cmocka_run_group_tests_name("contract", tests, NULL, NULL);
}
