/* validate.h: declarative rule trees for method params, checked the way Zabbix's API input
 * validator does, with its error texts and "/1/macros/2"-style paths. */
#ifndef TMPLD_VALIDATE_H
#define TMPLD_VALIDATE_H

#include <stddef.h>

#include <cjson/cJSON.h>

enum rule_type {
	RULE_OBJECT,	/* object with declared fields; [] counts as an empty object */
	RULE_OBJECTS,	/* array of RULE_OBJECT elements (elem) */
	RULE_EMPTY,	/* {} or [] only ("should be empty") */
	RULE_STRING,	/* UTF-8 string; length in characters */
	RULE_ID,	/* unsigned id as digits or a JSON integer; normalised to a string */
	RULE_INT32,	/* integer or numeric string; optional "in" list "0,1,2" or "1:10" */
	RULE_FLAG,	/* JSON boolean */
	RULE_BOOLEAN,	/* JSON boolean */
	RULE_IDS,	/* array of RULE_ID values (a bare id is accepted with RULE_NORMALIZE) */
	RULE_ANY,	/* anything; only a custom check applies */
};

#define RULE_REQUIRED	0x01u
#define RULE_NOT_EMPTY	0x02u
#define RULE_ALLOW_NULL	0x04u
#define RULE_NORMALIZE	0x08u	/* OBJECTS: a bare object becomes a one-element array */

struct rule_field;

/* A custom check on a value that passed its type rule: returns NULL when fine, else the
 * message after the path (e.g. "invalid host name"), heap-allocated. */
typedef char *(*rule_check_fn)(const cJSON *);

struct rule {
	enum rule_type		 type;
	unsigned		 flags;
	size_t			 length;	/* 0: unlimited */
	const char		*in;
	const struct rule_field	*fields;	/* OBJECT: terminated by a NULL name */
	const struct rule	*elem;		/* OBJECTS */
	const char *const	*uniq;		/* OBJECTS/IDS: NULL-terminated field lists,
						 * e.g. "tag,value"; IDS: any non-NULL */
	rule_check_fn		 check;
	const char		*dflt;		/* STRING in an OBJECT: value when absent */
	const struct rule	*ref;		/* use this rule instead, adding my flags */
};

extern const char *const rule_uniq_ids[];	/* for RULE_IDS: ids must be unique */

struct rule_field {
	const char	*name;
	struct rule	 rule;
};

/* Checks data against the rule in Zabbix's two passes: the shape of everything first, then
 * uniqueness ("value (tag, value)=(a, b) already exists"). May normalise data in place (ids to
 * strings, bare objects to arrays, defaults). Returns 0, or -1 with *cause set to Zabbix's
 * text (caller frees). */
int	validate_params(const struct rule *, cJSON *, char **);
/* Zabbix's zbx_toArray: a non-empty bare object becomes a one-element array, in place. */
void	validate_to_array(cJSON *);
/* The same, for a value found at `path` (e.g. "/1/macros"). */
int	validate_at(const struct rule *, cJSON *, const char *, char **);

#endif
