/* proctemplate.h: BlueKing CMDB service and process templates: records, merge and validation
 * rules, and their JSON and LMDB encodings (the model layer of issue 5).
 *
 * Memory: a record owns its strings (creator ... supplier, every PT_STR s) and its rows; a
 * zeroed record is empty, and *_free frees what it owns and zeroes it (safe twice). The
 * encodings follow model.h: *_encode appends to a codec_buf; *_decode overwrites the record
 * (no free first) and returns 0, or -1 for a wrong version, a short record or trailing
 * bytes, leaving it empty. *_to_json returns a new tree the caller deletes. Pure in-memory
 * code: any thread, on records it owns. */
#ifndef TMPLD_PROCTEMPLATE_H
#define TMPLD_PROCTEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "tmpld/error.h"
#include "tmpld/model.h"

/* A property's value: null, or one of the three JSON types a field may have. */
enum pt_kind { PT_NULL = 0, PT_INT, PT_STR, PT_BOOL };
/* as_default_value is tri-state: a missing or null member stays null. */
enum pt_dflt { PT_DFLT_NULL = 0, PT_DFLT_FALSE, PT_DFLT_TRUE };

struct pt_prop {
	enum pt_kind	 kind;
	enum pt_dflt	 dflt;
	int64_t		 i;
	bool		 b;
	char		*s;		/* owned, PT_STR only */
};

enum pt_field_id {
	PT_F_PROC_NUM, PT_F_STOP_CMD, PT_F_RESTART_CMD, PT_F_FACE_STOP_CMD, PT_F_FUNC_NAME,
	PT_F_WORK_PATH, PT_F_PRIORITY, PT_F_RELOAD_CMD, PT_F_PROCESS_NAME, PT_F_PID_FILE,
	PT_F_AUTO_START, PT_F_AUTO_TIME_GAP, PT_F_START_CMD, PT_F_FUNC_ID, PT_F_USER,
	PT_F_TIMEOUT, PT_F_DESCRIPTION, PT_F_START_PARAM_REGEX,
	PT_F__COUNT
};

enum pt_bind_field { PT_B_ENABLE, PT_B_IP, PT_B_PORT, PT_B_PROTOCOL, PT_B__COUNT };

struct pt_bind_row {
	int64_t		 row_id;	/* 0 until assigned */
	struct pt_prop	 f[PT_B__COUNT];
};

struct proctemplate {
	uint64_t		 id, biz_id, svc_id;
	char			*creator, *modifier, *create_time, *last_time, *supplier;
	struct pt_prop		 p[PT_F__COUNT];
	bool			 bind_null;	/* bind_info.value is null */
	enum pt_dflt		 bind_dflt;
	size_t			 nrows;
	struct pt_bind_row	*rows;
	int64_t			 max_row_id;	/* highest row id the template ever had */
};

struct svctemplate {
	uint64_t	 id, biz_id;
	int64_t		 category_id;
	char		*name, *creator, *modifier, *create_time, *last_time, *supplier;
};

const char *proctemplate_field_name(enum pt_field_id);	/* "bk_..." member; static */
enum pt_kind proctemplate_field_type(enum pt_field_id);	/* the JSON type of its value */
/* Whether an integer value is within the field's range (true for unranged fields). */
bool	 proctemplate_field_in_range(enum pt_field_id, int64_t);
const char *proctemplate_bind_field_name(enum pt_bind_field);	/* "enable", "ip", ... */
/* A JSON number holding an integer within +-9.2e18; *out set only on true. */
bool	 pt_json_int(const cJSON *, int64_t *);	/* a JSON integer that fits int64 */

/* Applies a process_property object: only the members sent change, each replacing both its
 * value and as_default_value. Type mismatches give ERR_TYPE ("invalid JSON data: '<field>'
 * should be ..."; prop itself not an object too), a bad or repeated bind_info row id
 * ERR_PARAM. On error t is partly changed and should be discarded (still freed with
 * proctemplate_free). prop is borrowed: strings are copied. Returns 0 or -1 with *err set. */
int	 proctemplate_merge(struct proctemplate *, const cJSON *, struct err *);
/* Checks the whole merged template (ranges, non-empty names, bind_info rows), forces
 * as_default_value true on the two names, and numbers new bind_info rows (row_id 0) after
 * the highest row id sent or ever held (max_row_id, which it raises). Returns 0, or -1
 * with *err set (ERR_PARAM "'<field>' parameter validation failed: ..."); t is not changed
 * on -1. */
int	 proctemplate_finish(struct proctemplate *, struct err *);
/* A bind_info port: "80", "8000-8080" or a comma list of them, each 1..65535 without sign,
 * space or leading zero, ranges not descending, no port twice. NULL and "" are not valid. */
bool	 proctemplate_port_valid(const char *);
/* bk_process_name's value, or "" when it is not a string; points into t. */
const char *proctemplate_name(const struct proctemplate *);
/* Same bk_func_name (both strings) and same bk_start_param_regex (a non-string as ""). */
bool	 proctemplate_same_func(const struct proctemplate *, const struct proctemplate *);
/* BlueKing's process template object: id, bk_process_name, bk_biz_id, service_template_id,
 * property {field: {value, as_default_value}..., bind_info}, and the audit members (those
 * still NULL, before proctemplate_stamp, are left out). Ids are JSON numbers. */
cJSON	*proctemplate_to_json(const struct proctemplate *);
void	 proctemplate_encode(const struct proctemplate *, struct codec_buf *);
int	 proctemplate_decode(const void *, size_t, struct proctemplate *);
/* Sets modifier (who, copied) and last_time to now; with create also creator, create_time
 * and supplier "0". Local time (PT_TIME_LEN form). */
void	 proctemplate_stamp(struct proctemplate *, const char *, bool);	/* who, create */
void	 proctemplate_free(struct proctemplate *);

cJSON	*svctemplate_to_json(const struct svctemplate *);
void	 svctemplate_encode(const struct svctemplate *, struct codec_buf *);
int	 svctemplate_decode(const void *, size_t, struct svctemplate *);
void	 svctemplate_free(struct svctemplate *);

/* RFC 3339 with microseconds and a numeric offset ("2019-06-21T16:25:03.962512+08:00"),
 * in the process's local time zone, NUL-terminated into the caller's buffer. */
#define PT_TIME_LEN 40
void	 pt_time_format(int64_t, long, char[PT_TIME_LEN]);	/* seconds, microseconds */
void	 pt_time_now(char[PT_TIME_LEN]);

#endif
