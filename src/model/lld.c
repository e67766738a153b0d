/* lld.c: LLD rule filters as Zabbix 6.0 reads and shows them: the custom formula's parser,
 * the checks of a rule's filter, and the generated formula ids and eval_formula. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

bool
item_is_lld(const struct item *it)
{
	const char *f = it->f[ITEM_F_FLAGS];

	return f != NULL && (strcmp(f, ITEM_FLAGS_RULE) == 0 || strcmp(f, ITEM_FLAGS_PROTO) == 0);
}

bool
item_has_flags(const struct item *it, const char *flags)
{
	return it->f[ITEM_F_FLAGS] != NULL && strcmp(it->f[ITEM_F_FLAGS], flags) == 0;
}

const char *
lld_doc_str(const cJSON *doc, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);

	return cJSON_IsString(v) ? v->valuestring : "";
}

int
lld_doc_int(const cJSON *doc, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);

	if (cJSON_IsNumber(v))
		return v->valueint;
	return cJSON_IsString(v) ? atoi(v->valuestring) : 0;
}

/* ---- the custom formula (CConditionFormula) ---- */

enum { ST_OPEN, ST_OPERATOR, ST_CLOSE, ST_CONSTANT, ST_NOT };

static void
lld_tok_add(struct lld_formula *f, size_t pos, size_t len)
{
	f->tok = xrealloc(f->tok, (f->n + 1) * sizeof *f->tok);
	f->tok[f->n].pos = pos;
	f->tok[f->n].len = len;
	f->n++;
}

/* A constant (capital letters) at *pos: recorded, *pos on its last letter. */
static bool
lld_constant(const char *s, size_t *pos, struct lld_formula *f)
{
	size_t start = *pos;

	while (s[*pos] >= 'A' && s[*pos] <= 'Z')
		(*pos)++;
	if (*pos == start)
		return false;
	lld_tok_add(f, start, *pos - start);
	(*pos)--;
	return true;
}

static bool
lld_not(const char *s, size_t *pos)
{
	if (strncmp(s + *pos, "not", 3) != 0)
		return false;
	*pos += 2;
	return true;
}

/* "and" or "or" at *pos: *pos on its last letter. */
static bool
lld_operator(const char *s, size_t *pos)
{
	size_t start = *pos, n;

	while (s[*pos] >= 'a' && s[*pos] <= 'z')
		(*pos)++;
	n = *pos - start;
	if ((n == 3 && strncmp(s + start, "and", 3) == 0) ||
	    (n == 2 && strncmp(s + start, "or", 2) == 0)) {
		(*pos)--;
		return true;
	}
	*pos = start;
	return false;
}

/* One character in a state: false stops the parse there. */
static bool
lld_formula_step(const char *s, size_t *pos, int *state, bool after_space, int *level,
    struct lld_formula *f)
{
	char c = s[*pos];

	switch (*state) {
	case ST_OPEN:
	case ST_OPERATOR:
	case ST_NOT:
		if (c == '(') {
			*state = ST_OPEN;
			(*level)++;
			return true;
		}
		if (*state != ST_OPEN && !after_space)
			return false;
		if (lld_constant(s, pos, f))
			*state = ST_CONSTANT;
		else if (*state != ST_NOT && lld_not(s, pos))
			*state = ST_NOT;
		else
			return false;
		return true;
	case ST_CLOSE:
		if (c == ')') {
			if (*level == 0)
				return false;
			(*level)--;
			return true;
		}
		if (!lld_operator(s, pos))
			return false;
		*state = ST_OPERATOR;
		return true;
	default:	/* ST_CONSTANT */
		if (c == ')') {
			*state = ST_CLOSE;
			if (*level == 0)
				return false;
			(*level)--;
			return true;
		}
		if (!after_space || !lld_operator(s, pos))
			return false;
		*state = ST_OPERATOR;
		return true;
	}
}

char *
lld_formula_parse(const char *s, struct lld_formula *f)
{
	size_t pos = 0;
	int state = ST_OPEN, level = 0;
	bool after_space = false;
	char *err = NULL;

	memset(f, 0, sizeof *f);
	while (s[pos] != '\0') {
		if (s[pos] == ' ') {
			after_space = true;
			pos++;
			continue;
		}
		if (!lld_formula_step(s, &pos, &state, after_space, &level, f))
			break;
		after_space = false;
		pos++;
	}
	if (pos == 0)
		err = xstrdup("expression is empty");
	if (level != 0 || s[pos] != '\0' || state == ST_OPERATOR) {
		free(err);
		err = xasprintf("check expression starting from \"%s\"", s + (pos == 0 ? 0 : pos - 1));
	}
	if (err != NULL)
		lld_formula_free(f);
	return err;
}

void
lld_formula_free(struct lld_formula *f)
{
	free(f->tok);
	memset(f, 0, sizeof *f);
}

/* ---- formula ids ---- */

void
lld_letter(size_t i, char out[8])
{
	char tmp[8];
	size_t n = 0, level = 0;

	do {
		if (level++ > 0)
			i--;
		tmp[n++] = (char)('A' + i % 26);
		i /= 26;
	} while (i > 0 && n < 7);
	for (size_t k = 0; k < n; k++)
		out[k] = tmp[n - 1 - k];
	out[n] = '\0';
}

/* The macro's name inside "{#" and "}" (Zabbix's order_macros sorts by it). */
static char *
lld_macro_label(const char *m)
{
	size_t n = strlen(m);

	return n >= 3 ? xstrndup(m + 2, n - 3) : xstrdup("");
}

/* The conditions' positions sorted by macro label, naturally and stably. */
static size_t *
lld_macro_order(const cJSON *conds, size_t n)
{
	size_t *ord = xcalloc(n + 1, sizeof *ord);
	char **lab = xcalloc(n + 1, sizeof *lab);
	const cJSON *c;
	size_t i = 0;

	cJSON_ArrayForEach(c, conds) {
		lab[i] = lld_macro_label(lld_doc_str(c, "macro"));
		ord[i] = i;
		i++;
	}
	for (size_t a = 1; a < n; a++)	/* insertion sort: stable */
		for (size_t b = a; b > 0 && util_strnatcasecmp(lab[ord[b - 1]], lab[ord[b]]) > 0;
		    b--) {
			size_t t = ord[b];

			ord[b] = ord[b - 1];
			ord[b - 1] = t;
		}
	for (i = 0; i < n; i++)
		free(lab[i]);
	free(lab);
	return ord;
}

static void
lld_buf_add(char **buf, const char *s)
{
	char *n = xasprintf("%s%s", *buf, s);

	free(*buf);
	*buf = n;
}

/* evaltype 0 (and/or), 1 (and), 2 (or): the formula over letters given to the conditions
 * in macro order, equal macros grouped; ids[i] gets condition i's letter. */
static char *
lld_formula_generated(const cJSON *conds, int evaltype, char (*ids)[8])
{
	size_t n = (size_t)cJSON_GetArraySize(conds), *ord = lld_macro_order(conds, n), groups = 0;
	const char *cop = evaltype == 1 ? " and " : " or ", *gop = evaltype == 2 ? " or " : " and ";
	bool *done = xcalloc(n + 1, sizeof *done);
	char *out = xstrdup("");

	for (size_t k = 0; k < n; k++)
		lld_letter(k, ids[ord[k]]);
	for (size_t k = 0; k < n; k++) {
		const char *m = lld_doc_str(cJSON_GetArrayItem(conds, (int)ord[k]), "macro");
		char *grp;
		size_t members = 0;

		if (done[k])
			continue;
		grp = xstrdup("");
		for (size_t j = k; j < n; j++)
			if (!done[j] && strcmp(m, lld_doc_str(cJSON_GetArrayItem(conds, (int)ord[j]),
			    "macro")) == 0) {
				done[j] = true;
				if (members++ > 0)
					lld_buf_add(&grp, cop);
				lld_buf_add(&grp, ids[ord[j]]);
			}
		if (groups++ > 0)
			lld_buf_add(&out, gop);
		if (members > 1)
			lld_buf_add(&out, "(");
		lld_buf_add(&out, grp);
		if (members > 1)
			lld_buf_add(&out, ")");
		free(grp);
	}
	if (groups == 1) {	/* PHP's trim($formula, '()') */
		size_t a = 0, b = strlen(out);

		while (out[a] == '(' || out[a] == ')')
			a++;
		while (b > a && (out[b - 1] == '(' || out[b - 1] == ')'))
			b--;
		memmove(out, out + a, b - a);
		out[b - a] = '\0';
	}
	free(ord);
	free(done);
	return out;
}

/* evaltype 3: the stored formula with its letters renumbered by first appearance; ids[i]
 * gets condition i's new letter. */
static char *
lld_formula_renumbered(const char *formula, const cJSON *conds, char (*ids)[8])
{
	struct lld_formula f;
	char **seen = NULL, *out = xstrdup("");
	size_t nseen = 0, at = 0, i = 0;
	const cJSON *c;

	char *bad = lld_formula_parse(formula, &f);

	if (bad != NULL) {
		free(bad);
		return out;
	}
	seen = xcalloc(f.n + 1, sizeof *seen);
	for (size_t k = 0; k < f.n; k++) {
		char *name = xstrndup(formula + f.tok[k].pos, f.tok[k].len), letter[8], *pre;
		size_t j = 0;

		while (j < nseen && strcmp(seen[j], name) != 0)
			j++;
		if (j == nseen)
			seen[nseen++] = xstrdup(name);
		lld_letter(j, letter);
		pre = xstrndup(formula + at, f.tok[k].pos - at);
		lld_buf_add(&out, pre);
		lld_buf_add(&out, letter);
		at = f.tok[k].pos + f.tok[k].len;
		free(pre);
		free(name);
	}
	lld_buf_add(&out, formula + at);
	cJSON_ArrayForEach(c, conds) {
		const char *fid = lld_doc_str(c, "formulaid");
		size_t j = 0;

		while (j < nseen && strcmp(seen[j], fid) != 0)
			j++;
		if (j < nseen)
			lld_letter(j, ids[i]);
		else
			ids[i][0] = '\0';
		i++;
	}
	for (size_t k = 0; k < nseen; k++)
		free(seen[k]);
	free(seen);
	lld_formula_free(&f);
	return out;
}

cJSON *
lld_filter_render(const cJSON *stored)
{
	const cJSON *conds = cJSON_GetObjectItemCaseSensitive(stored, "conditions"), *c;
	const char *ev = lld_doc_str(stored, "evaltype");
	size_t n = (size_t)cJSON_GetArraySize(conds), i = 0;
	char (*ids)[8] = xcalloc(n + 1, sizeof *ids), *formula;
	cJSON *out = cJSON_CreateObject(), *arr;
	int evaltype = atoi(ev);

	formula = evaltype == 3 ? lld_formula_renumbered(lld_doc_str(stored, "formula"), conds,
	    ids) : lld_formula_generated(conds, evaltype, ids);
	util_json_add_str(out, "evaltype", ev[0] != '\0' ? ev : "0");
	util_json_add_str(out, "formula", evaltype == 3 ? formula : "");
	arr = cJSON_AddArrayToObject(out, "conditions");
	cJSON_ArrayForEach(c, conds) {
		cJSON *o = cJSON_CreateObject();

		util_json_add_str(o, "macro", lld_doc_str(c, "macro"));
		util_json_add_str(o, "value", lld_doc_str(c, "value"));
		util_json_add_str(o, "operator", lld_doc_str(c, "operator"));
		util_json_add_str(o, "formulaid", ids[i++]);
		cJSON_AddItemToArray(arr, o);
	}
	util_json_add_str(out, "eval_formula", formula);
	free(formula);
	free(ids);
	return out;
}

/* ---- the checks of a filter (CConditionValidator) ---- */

char *
lld_filter_formula_check(const cJSON *filter, const char *what, const char *name)
{
	const cJSON *formula = cJSON_GetObjectItemCaseSensitive(filter, "formula");
	const cJSON *conds = cJSON_GetObjectItemCaseSensitive(filter, "conditions"), *c;
	struct lld_formula f;
	char *cause, *err = NULL;
	const char *fs;

	if (lld_doc_int(filter, "evaltype") != 3)
		return NULL;
	if (formula == NULL)
		return xasprintf("Formula missing for %s \"%s\".", what, name);
	fs = cJSON_IsString(formula) ? formula->valuestring : "";
	if ((cause = lld_formula_parse(fs, &f)) != NULL) {
		err = xasprintf("Incorrect custom expression \"%s\" for %s \"%s\": %s.", fs, what, name,
		    cause);
		free(cause);
		return err;
	}
	for (size_t k = 0; err == NULL && k < f.n; k++) {
		bool found = false;

		cJSON_ArrayForEach(c, conds) {
			const char *fid = lld_doc_str(c, "formulaid");

			found = found || (strlen(fid) == f.tok[k].len &&
			    strncmp(fid, fs + f.tok[k].pos, f.tok[k].len) == 0);
		}
		if (!found)
			err = xasprintf("Condition \"%.*s\" used in formula \"%s\" for %s \"%s\" is not "
			    "defined.", (int)f.tok[k].len, fs + f.tok[k].pos, fs, what, name);
	}
	cJSON_ArrayForEach(c, conds) {
		const cJSON *fidv = cJSON_GetObjectItemCaseSensitive(c, "formulaid");
		const char *fid = lld_doc_str(c, "formulaid");
		bool used = false;

		if (err != NULL || fidv == NULL || cJSON_IsNull(fidv))
			continue;
		for (size_t k = 0; k < f.n; k++)
			used = used || (strlen(fid) == f.tok[k].len &&
			    strncmp(fid, fs + f.tok[k].pos, f.tok[k].len) == 0);
		if (!used)
			err = xasprintf("Condition \"%s\" is not used in formula \"%s\" for %s \"%s\".",
			    fid, fs, what, name);
	}
	lld_formula_free(&f);
	return err;
}

bool
lld_macro_valid(const char *m)
{
	size_t n = strlen(m);

	if (n < 4 || strncmp(m, "{#", 2) != 0 || m[n - 1] != '}')
		return false;
	for (size_t i = 2; i < n - 1; i++)
		if (!((m[i] >= 'A' && m[i] <= 'Z') || (m[i] >= '0' && m[i] <= '9') || m[i] == '.' ||
		    m[i] == '_'))
			return false;
	return true;
}

/* A scalar as PHP's validators read it: a string or a number (its text); NULL otherwise. */
static char *
lld_scalar(const cJSON *v)
{
	if (cJSON_IsString(v) || cJSON_IsNumber(v))
		return util_json_scalar_text(v, "0");
	return NULL;
}

static bool
lld_in(const char *v, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(v, *set) == 0)
			return true;
	return false;
}

/* One condition of a rule's filter (its CSchemaValidator), copied to out when fine. */
static char *
lld_condition_take(const cJSON *c, const char *name, cJSON *out)
{
	static const char *const known[] = { "macro", "value", "formulaid", "operator", NULL };
	static const char *const ops[] = { "8", "9", "12", "13", NULL };
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(c, "macro");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, "value");
	const cJSON *fid = cJSON_GetObjectItemCaseSensitive(c, "formulaid");
	const cJSON *op = cJSON_GetObjectItemCaseSensitive(c, "operator"), *e;
	char *ms = NULL, *vs = NULL, *fs = NULL, *os = NULL, *err = NULL;

	if (!cJSON_IsObject(c))
		return xasprintf("Incorrect conditions for discovery rule \"%s\".", name);
	if (m == NULL || cJSON_IsNull(m))
		err = xasprintf("No \"macro\" given for a filter condition of discovery rule \"%s\".", name);
	else if ((ms = lld_scalar(m)) == NULL || ms[0] == '\0')
		err = xasprintf("%s filter condition macro for discovery rule \"%s\".",
		    ms == NULL ? "Incorrect" : "Empty", name);
	else if (!lld_macro_valid(ms))
		err = xasprintf("Incorrect filter condition macro for discovery rule \"%s\".", name);
	else if (v == NULL || cJSON_IsNull(v))
		err = xasprintf("No \"value\" given for a filter condition of discovery rule \"%s\".", name);
	else if ((vs = lld_scalar(v)) == NULL)
		err = xasprintf("Incorrect filter condition value for discovery rule \"%s\".", name);
	else if (fid != NULL && !cJSON_IsNull(fid) && ((fs = lld_scalar(fid)) == NULL ||
	    fs[0] == '\0' || strpbrk(fs, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == NULL))
		err = xasprintf("%s filter condition formula ID for discovery rule \"%s\".",
		    fs != NULL && fs[0] == '\0' ? "Empty" : "Incorrect", name);
	else if (op != NULL && !cJSON_IsNull(op) && ((os = lld_scalar(op)) == NULL ||
	    !lld_in(os, ops)))
		err = xasprintf("Incorrect filter condition operator for discovery rule \"%s\".", name);
	cJSON_ArrayForEach(e, c)
		if (err == NULL && !lld_in(e->string, known))
			err = xasprintf("Unsupported parameter \"%s\" for a filter condition of "
			    "discovery rule \"%s\".", e->string, name);
	if (err == NULL) {
		cJSON *o = cJSON_CreateObject();

		util_json_add_str(o, "macro", ms);
		util_json_add_str(o, "value", vs);
		util_json_add_str(o, "operator", os != NULL ? os : "8");
		util_json_add_str(o, "formulaid", fs != NULL ? fs : "");
		cJSON_AddItemToArray(out, o);
	}
	free(ms), free(vs), free(fs), free(os);
	return err;
}

char *
lld_filter_take(const cJSON *filter, const char *name, cJSON **out)
{
	static const char *const known[] = { "evaltype", "formula", "conditions", NULL };
	static const char *const types[] = { "0", "1", "2", "3", NULL };
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(filter, "evaltype");
	const cJSON *fo = cJSON_GetObjectItemCaseSensitive(filter, "formula");
	const cJSON *conds = cJSON_GetObjectItemCaseSensitive(filter, "conditions"), *e;
	char *evs = NULL, *fos = NULL, *err = NULL;
	cJSON *arr;

	*out = NULL;
	if (!cJSON_IsObject(filter))
		return xasprintf("Incorrect value for field \"filter\": an array is expected.");
	if (ev == NULL || cJSON_IsNull(ev))
		err = xasprintf("No \"evaltype\" given for the filter of discovery rule \"%s\".", name);
	else if ((evs = lld_scalar(ev)) == NULL || !lld_in(evs, types))
		err = xasprintf("Incorrect type of calculation for discovery rule \"%s\".", name);
	else if (fo != NULL && !cJSON_IsNull(fo) && (fos = lld_scalar(fo)) == NULL)
		err = xasprintf("Incorrect value for field \"formula\" for discovery rule \"%s\".",
		    name);
	else if (conds == NULL || cJSON_IsNull(conds))
		err = xasprintf("No \"conditions\" given for the filter of discovery rule \"%s\".",
		    name);
	else if (!cJSON_IsArray(conds) && !cJSON_IsObject(conds))
		err = xasprintf("Incorrect conditions for discovery rule \"%s\".", name);
	cJSON_ArrayForEach(e, filter)
		if (err == NULL && !lld_in(e->string, known))
			err = xasprintf("Unsupported parameter \"%s\" for the filter of discovery rule "
			    "\"%s\".", e->string, name);
	if (err == NULL)
		err = lld_filter_formula_check(filter, "discovery rule", name);
	*out = cJSON_CreateObject();
	util_json_add_str(*out, "evaltype", evs != NULL ? evs : "0");
	util_json_add_str(*out, "formula", evs != NULL && strcmp(evs, "3") == 0 &&
	    fos != NULL ? fos : "");
	arr = cJSON_AddArrayToObject(*out, "conditions");
	cJSON_ArrayForEach(e, conds)
		if (err == NULL)
			err = lld_condition_take(e, name, arr);
	free(evs), free(fos);
	if (err != NULL) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return err;
}
