/* commit.c: group commit: the writes of an event-loop turn run one after another in ONE write
 * transaction, committed (one fsync) on the writer thread while the loop goes on; and the
 * thread pool that hashes passwords off the loop. A group first runs each write straight in
 * that transaction; when one fails, the group is undone and runs again with each write in a
 * nested transaction of its own, so that the failing write rolls back alone. */
#include <stdlib.h>
#include <string.h>

#include "dispatch_impl.h"
#include "tmpld/metrics.h"

void
dispatch_schedule(struct dispatch *d)
{
	if (!d->flush_scheduled) {
		d->flush_scheduled = true;
		d->hooks.schedule_flush(d->hooks.arg);
	}
}

static void
dispatch_enqueue(struct dispatch *d, struct job *j)
{
	j->next = NULL;
	if (d->tail != NULL)
		d->tail->next = j;
	else
		d->head = j;
	d->tail = j;
	dispatch_schedule(d);
}

void
dispatch_background(struct dispatch *d, int (*fn)(struct store_txn *, void *), void *arg)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->bg_fn = fn;
	j->bg_arg = arg;
	dispatch_enqueue(d, j);
}

void
dispatch_call_enqueue_write(struct call *c, rpc_write_fn fn, void *arg, void (*arg_free)(void *))
{
	struct job *j = xcalloc(1, sizeof *j);

	c->write_fn = fn;
	c->write_arg = arg;
	c->write_free = arg_free;
	j->call = c;
	dispatch_enqueue(c->req->d, j);
}

void
dispatch_call_arg_free(struct call *c)
{
	if (c->write_arg == NULL)
		return;
	if (c->write_free != NULL)
		c->write_free(c->write_arg);
	else
		free(c->write_arg);
	c->write_arg = NULL;
}

/* Runs one job in txn: the group's own transaction, or a nested one of the job's. */
static void
job_exec(struct store_txn *txn, struct job *j)
{
	if (j->call != NULL) {
		j->call->pub.txn = txn;
		j->rc = j->call->write_fn(&j->call->pub, j->call->write_arg);
		j->call->pub.txn = NULL;
	} else
		j->rc = j->bg_fn(txn, j->bg_arg) == 0 ? RPC_COMMIT : RPC_ROLLBACK;
}

/* Runs one job in its own nested transaction; a failing job undoes only itself. */
static void
job_run_nested(struct dispatch *d, struct store_txn *parent, struct job *j)
{
	struct store_txn *child;
	int rc;

	if ((rc = store_txn_write(d->store, parent, &child)) != STORE_OK) {
		j->rc = RPC_ROLLBACK;
		if (j->call != NULL)
			rpc_fail_store(&j->call->pub, rc);
		return;
	}
	job_exec(child, j);
	if (j->rc != RPC_COMMIT) {
		store_txn_abort(child);
		return;
	}
	if ((rc = store_txn_commit(child)) != STORE_OK) {
		j->rc = RPC_ROLLBACK;
		if (j->call != NULL)
			rpc_fail_store(&j->call->pub, rc);
	}
}

/* A job's outcome is forgotten before its group runs again; a settled job keeps its own. */
static void
job_reset(struct job *j)
{
	if (j->settled)
		return;
	j->rc = 0;
	if (j->call == NULL)
		return;
	cJSON_Delete(j->call->pub.result);
	j->call->pub.result = NULL;
	err_clear(&j->call->pub.err);
	j->call->pub.answer_bytes = 0;
}

/* How a run of a group ended, besides the commit's outcome. */
enum group_end {
	GROUP_DONE,		/* committed, or failed to: the outcome tells */
	GROUP_FULL,		/* a write found the map full: undone, to run again once grown */
	GROUP_FAILED,		/* a write failed in a flat run: undone, to run again nested */
	GROUP_RERUN,		/* the test hook rerun_writes: undone, to run again nested */
};

/* Runs the jobs [first, stop) that are not settled in one top-level transaction and commits
 * it: flat (each straight in it) or nested (each in a child of it). A flat run stops at the
 * first failing job, settles it, and undoes the rest (GROUP_FAILED). When grow is set, a job
 * that finds the map full undoes the group at once (GROUP_FULL), so that the map can grow and
 * the group run again. Returns the outcome of the commit, or of the transaction's start. */
static int
group_try(struct dispatch *d, struct job *first, struct job *stop, bool grow, bool nested,
    enum group_end *end)
{
	struct store_txn *parent;
	struct job *j;
	size_t jobs = 0;
	uint64_t t0;
	int rc;

	*end = GROUP_DONE;
	for (j = first; j != stop && j->settled; j = j->next)
		;
	if (j == stop)
		return STORE_OK;	/* every job has its answer: nothing to write */
	(void)store_map_full_take();
	if ((rc = store_txn_write(d->store, NULL, &parent)) != STORE_OK)
		return rc;
	for (j = first; j != stop; j = j->next) {
		if (j->settled)
			continue;
		jobs++;
		if (nested)
			job_run_nested(d, parent, j);
		else
			job_exec(parent, j);
		if (grow && store_map_full_take()) {
			store_txn_abort(parent);
			*end = GROUP_FULL;
			return STORE_EFULL;
		}
		if (!nested && j->rc != RPC_COMMIT) {
			store_txn_abort(parent);
			j->settled = true;
			*end = GROUP_FAILED;
			return STORE_OK;
		}
	}
	if (!nested && d->opts.rerun_writes) {
		store_txn_abort(parent);
		*end = GROUP_RERUN;
		return STORE_OK;
	}
	t0 = util_mono_us();
	rc = store_txn_commit(parent);
	metrics_commit(jobs, util_mono_us() - t0);
	if (rc == STORE_EFULL && store_map_full_take())
		*end = GROUP_FULL;
	return rc;
}

/* One top-level transaction for the jobs [first, stop); their replies wait for its commit.
 * The group runs flat first: a write costs no nested transaction then. When a write fails,
 * that write keeps its answer (it saw the writes before it, as it would have nested) and the
 * others run again, each nested, so that a failure costs at most one more run of its group.
 * When a write finds the map full, the group is undone, the map grows, and the group runs
 * again from its first job, so that no write fails for want of room below --map-size-max;
 * at the maximum the group runs once more without growing, and whatever does not fit fails
 * with "the store is full". */
static void
group_run(struct dispatch *d, struct job *first, struct job *stop)
{
	bool grow = true, nested = false;
	enum group_end end;
	struct job *j;
	size_t n = 0;
	int rc;

	for (;;) {
		rc = group_try(d, first, stop, grow, nested, &end);
		if (end == GROUP_DONE)
			break;
		if (end == GROUP_FULL && store_map_grow(d->store) != STORE_OK) {
			if (!grow)
				break;
			grow = false;
		}
		for (j = first, n = 0; j != stop; j = j->next, n++)
			job_reset(j);
		if (end == GROUP_FAILED || end == GROUP_RERUN) {
			nested = true;
			continue;
		}
		log_info("store: the map was full: the group of %zu write%s runs again", n,
		    n == 1 ? "" : "s");
	}
	for (j = first; j != stop; j = j->next) {
		if (rc != STORE_OK && j->call != NULL && j->rc == RPC_COMMIT) {
			cJSON_Delete(j->call->pub.result);
			j->call->pub.result = NULL;
			rpc_fail_store(&j->call->pub, rc);
		}
	}
}

static void
group_complete(struct job *first, struct job *stop)
{
	struct job *j, *next;

	for (j = first; j != stop; j = next) {
		next = j->next;
		if (j->call != NULL) {
			dispatch_call_arg_free(j->call);
			dispatch_call_finish(j->call);
		} else
			free(j->bg_arg);
		free(j);
	}
}

/* Every chunk of a group: all of it in one commit, or (without group commit) one each. */
static void
group_run_all(struct dispatch *d, struct job *jobs)
{
	struct job *stop;

	for (; jobs != NULL; jobs = stop) {
		stop = d->opts.group_commit ? NULL : jobs->next;
		group_run(d, jobs, stop);
	}
}

/* A group on its way through the writer thread. */
struct group_batch {
	struct dispatch	*d;
	struct job	*jobs;
};

static void
group_work(void *arg)
{
	struct group_batch *b = arg;

	group_run_all(b->d, b->jobs);
}

/* Back on the loop: the group is durable; reply, and start the writes queued meanwhile. */
static void
group_done(void *arg)
{
	struct group_batch *b = arg;
	struct dispatch *d = b->d;

	d->writing = false;
	group_complete(b->jobs, NULL);
	free(b);
	if (d->head != NULL)
		dispatch_schedule(d);
}

/* Commits the queued writes: on the writer thread when there is one, so that the loop keeps
 * answering reads during the fsync; the next group gathers while this one commits. */
void
dispatch_flush(struct dispatch *d)
{
	struct job *jobs = d->head;
	struct group_batch *b;

	d->flush_scheduled = false;
	store_txn_release(d->store);	/* the loop's kept snapshot: its turn is over */
	if (jobs == NULL || d->writing)
		return;		/* group_done flushes again */
	d->head = d->tail = NULL;
	if (d->writer == NULL) {
		group_run_all(d, jobs);
		group_complete(jobs, NULL);
		return;
	}
	b = xmalloc(sizeof *b);
	b->d = d;
	b->jobs = jobs;
	d->writing = true;
	pool_submit(d->writer, group_work, group_done, b);
}

/* ---- the thread pool ---- */

struct offload {
	struct call	*call;
	void		(*work)(void *);
	rpc_write_fn	 then;
	void		*arg;
	void		(*arg_free)(void *);
};

static void
offload_work(void *p)
{
	struct offload *o = p;

	o->work(o->arg);
}

static void
offload_done(void *p)
{
	struct offload *o = p;

	dispatch_call_enqueue_write(o->call, o->then, o->arg, o->arg_free);
	free(o);
}

enum rpc_result
dispatch_offload(struct rpc_call *pub, void (*work)(void *), rpc_write_fn then, void *arg,
    void (*arg_free)(void *))
{
	struct offload *o;

	/* Only a handler on the event loop may offload: the pool's queue and the write queue
	 * are the loop's. From a pool thread or the writer it would race; refuse instead. */
	if (!pub->on_loop) {
		if (arg_free != NULL)
			arg_free(arg);
		else
			free(arg);
		log_error("dispatch: an offload off the event loop was refused");
		return rpc_fail(pub, ERR_INTERNAL, "Internal error.");
	}
	o = xmalloc(sizeof *o);
	o->call = (struct call *)pub;
	o->work = work;
	o->then = then;
	o->arg = arg;
	o->arg_free = arg_free;
	pool_submit_keyed(((struct call *)pub)->req->d->pool, ((struct call *)pub)->req->lane,
	    offload_work, offload_done, o);
	return RPC_PENDING;
}

int
dispatch_pool_fd(struct dispatch *d)
{
	return pool_fd(d->pool);
}

int
dispatch_writer_fd(struct dispatch *d)
{
	return d->writer != NULL ? pool_fd(d->writer) : -1;
}

void
dispatch_pool_drain(struct dispatch *d)
{
	pool_drain(d->pool);
	if (d->writer != NULL)
		pool_drain(d->writer);
}
