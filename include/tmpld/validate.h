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
};

#define RULE_REQUIRED	0x01u
#define RULE_NOT_EMPTY	0x02u
#define RULE_ALLOW_NULL	0x04u
#define RULE_NORMALIZE	0x08u	/* OBJECTS: a bare object becomes a one-element array */

struct rule_field;

struct rule {
	enum rule_type		 type;
	unsigned		 flags;
	size_t			 length;	/* 0: unlimited */
	const char		*in;
	const struct rule_field	*fields;	/* OBJECT: terminated by a NULL name */
	const struct rule	*elem;		/* OBJECTS */
};

struct rule_field {
	const char	*name;
	struct rule	 rule;
};

/* Checks data against the rule; may normalise it in place (ids to strings, objects to arrays).
 * Returns 0, or -1 with *cause set to Zabbix's text (caller frees). */
int	validate_params(const struct rule *, cJSON *, char **);

#endif
