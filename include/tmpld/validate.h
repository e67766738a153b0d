/* validate.h: declarative rule trees for method params, checked the way Zabbix's API input
 * validator does (its texts and "/1/macros/2" paths), or, in the BlueKing dialect, the way
 * BlueKing CMDB decodes and checks a request (its texts, 'processes[0].spec' paths and error
 * kinds). A method's rule tree is its parameter contract: the dispatcher checks params with
 * it, and the OpenRPC check reads it (validate_rule_json).
 * Rule trees are static const data; the functions keep no state, so they may run on any
 * thread at once (each on its own data). */
#ifndef TMPLD_VALIDATE_H
#define TMPLD_VALIDATE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "tmpld/error.h"

enum rule_type {
	RULE_OBJECT,	/* object with declared fields; Zabbix: [] counts as an empty object */
	RULE_OBJECTS,	/* array of elem (usually RULE_OBJECT) */
	RULE_EMPTY,	/* {} or [] only ("should be empty") */
	RULE_STRING,	/* UTF-8 string; length in characters */
	RULE_ID,	/* unsigned id as digits or a JSON integer; normalised to a string */
	RULE_INT32,	/* integer or numeric string; optional "in" list "0,1,2" or "1:10" */
	RULE_FLAG,	/* JSON boolean */
	RULE_BOOLEAN,	/* JSON boolean */
	RULE_IDS,	/* array of RULE_ID values (a bare id is accepted with RULE_NORMALIZE) */
	RULE_ANY,	/* anything; only a custom check applies */
	RULE_INTEGER,	/* a JSON number holding an integer within int64, never a string; "in"
			 * ranges, open-ended ones too ("1:" is >= 1) */
	RULE_INTEGERS,	/* a JSON array of positive JSON integers (BlueKing id lists) */
};

#define RULE_REQUIRED	0x01u
#define RULE_NOT_EMPTY	0x02u
#define RULE_ALLOW_NULL	0x04u	/* Zabbix: null passes (BlueKing: null always means absent) */
#define RULE_NORMALIZE	0x08u	/* OBJECTS: a bare object becomes a one-element array */
/* OBJECT, OBJECTS: lenient input. Members the rule does not declare are ignored, not refused:
 * Zabbix's get options, the objects of the methods Zabbix 6.0 still checks by hand (CHost,
 * CItem), and BlueKing bodies (which carry the ESB credentials too; Go's decoder ignores
 * unknown members). In the Zabbix dialect a value that is not an object (OBJECTS: not an
 * array) is not refused either: it is left to the method, whose legacy answers ("Incorrect
 * arguments passed to function.", "Empty input parameter.") are not validator texts. In the
 * BlueKing dialect it is still a type error. Declared members are checked by their rules. */
#define RULE_LENIENT	0x10u
/* OBJECT: BlueKing decodes the whole body before it validates any value, so every declared
 * member's JSON type is checked (in the order the members were sent, as its decoder meets
 * them) before any member's value (in declaration order). */
#define RULE_TYPES_FIRST 0x20u
/* The root rule: BlueKing's texts, kinds and paths instead of Zabbix's (inherited by every
 * rule below it). JSON null means absent; a wrong JSON type is ERR_TYPE ("invalid JSON data:
 * 'page.sort' should be a string"); other failures have the rule's fail kind and text. */
#define RULE_BK		0x40u
/* STRING: a NUL ("\u0000", kept as C0 80 by jsonrpc_body_parse) is kept, not refused: the
 * value is only looked up (a user name, a session id), never stored, so the lookup's own
 * failure answers, as in Zabbix. Without it a NUL in a Zabbix string is refused: the field's
 * own check speaks first (a host name: "invalid host name"), else "invalid byte sequence in
 * UTF-8" (Zabbix's validator takes a NUL, its database cannot store one). */
#define RULE_KEEP_NUL	0x80u

struct rule_field;

/* A custom check on a value that passed its type rule (so a RULE_STRING value is a string):
 * returns NULL when fine, else the message after the path (Zabbix: "invalid host name";
 * BlueKing: the text after the kind's prefix, see struct rule_fail), heap-allocated; the
 * validator frees it. The value is borrowed and must not be changed. */
typedef char *(*rule_check_fn)(const cJSON *);

/* How a BlueKing value failure reads: kind ERR_PARAM (the default, ERR_NONE) gives
 * "'<path>' parameter validation failed: <what>", ERR_MISSING "invalid input parameter:
 * '<path>' <what>", ERR_TYPE "invalid JSON data: '<path>' should be <what>", any other kind
 * "'<path>' <what>". The Zabbix dialect uses only what (when set) after the path. */
struct rule_fail {
	enum err_kind	 kind;
	const char	*what;
};

struct rule {
	enum rule_type		 type;
	unsigned		 flags;
	size_t			 length;	/* STRING: most characters; 0: unlimited */
	const char		*in;		/* INT32, INTEGER: allowed values and ranges */
	const struct rule_field	*fields;	/* OBJECT: terminated by a NULL name */
	const struct rule	*elem;		/* OBJECTS */
	const char *const	*uniq;		/* OBJECTS/IDS: NULL-terminated field lists,
						 * e.g. "tag,value"; IDS: any non-NULL */
	rule_check_fn		 check;
	const char		*dflt;		/* STRING in an OBJECT: value when absent */
	const struct rule	*ref;		/* use this rule instead, adding my flags */
	/* A deprecated member: renamed to this member before its object is checked; sent with
	 * it, the call is refused with Zabbix's "Parameter \"<name>\" is deprecated.". */
	const char		*rename;
	struct rule_fail	 fail;		/* BlueKing: a value failure (required, empty,
						 * out of "in", a failed check) */
	size_t			 max;		/* OBJECTS, IDS, INTEGERS: most elements; 0: any */
	struct rule_fail	 max_fail;	/* ... and the failure when there are more */
	const char		*subject;	/* BlueKing: the name failures give, not the path */
};

extern const char *const rule_uniq_ids[];	/* for RULE_IDS: ids must be unique */

struct rule_field {
	const char	*name;
	struct rule	 rule;
};

/* Checks data against the rule in Zabbix's two passes: the shape of everything first, then
 * uniqueness ("value (tag, value)=(a, b) already exists"); uniqueness is O(n log n) in the
 * elements. May normalise data in place (ids to strings, bare objects to arrays, defaults,
 * deprecated names). Returns ERR_NONE (0), or the kind of the failure (ERR_PARAM for every
 * Zabbix-dialect failure; BlueKing rules give their own kinds) with *cause set to the text,
 * which the caller frees. *cause is NULL on success. Only the first failure is reported.
 * @param[in]     rule   the root rule (RULE_BK in its flags picks the BlueKing dialect)
 * @param[in,out] data   the params; stays the caller's. Its nodes are kept (a renamed member
 *                       moves, a bare object's members move into a new element), but a
 *                       normalised id's text is replaced: take string pointers after it
 * @param[out]    cause */
enum err_kind	validate_params(const struct rule *, cJSON *, char **);
/* The same, for a value found at `path` (e.g. "/1/macros"; copied into messages, not
 * kept). The methods use it for members they check by hand after reading the call. */
enum err_kind	validate_at(const struct rule *, cJSON *, const char *, char **);
/* Zabbix's zbx_toArray: a non-empty bare object becomes a one-element array, in place
 * (the node itself is reused: pointers to it stay valid). NULL, arrays, scalars and {} are
 * left alone. */
void	validate_to_array(cJSON *);
/* A description of the rule tree for the contract dump, references resolved: {"type",
 * "flags": [...], "length", "in", "max", "uniq", "default", "rename", "fields": [{"name",
 * ...the field's rule}], "elem"}; members are present only when set. Caller owns it. */
cJSON	*validate_rule_json(const struct rule *);
/* The rule's type name as in validate_rule_json ("object", "string", ...; "unknown" for
 * a value out of range). Static storage. A NULL rule describes as {"type": "none"}. */
const char *validate_type_name(enum rule_type);

#endif
