/* pool.c: a fixed thread pool for slow work (bcrypt, heavy reads) whose completions run on the
 * owner's thread; work waits in one lane per key (a client address), the threads serve the
 * lanes in turn, and no lane holds every thread: one busy source cannot starve the others. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tmpld/util.h"

struct pool_task {
	struct pool_lane	*lane;
	pool_work_fn		 work;		/* runs on a pool thread */
	pool_work_fn		 done;		/* runs on the owner's thread, in pool_drain */
	void			*arg;
	struct pool_task	*next;
};

struct pool_queue {
	struct pool_task	*head, *tail;
};

/* The work of one key; lanes with work form a ring served in turn. */
struct pool_lane {
	uint64_t		 key;
	struct pool_queue	 q;
	size_t			 running;	/* its tasks on threads now */
	bool			 queued;	/* in the ring (it has waiting tasks) */
	struct pool_lane	*next;		/* in the ring */
	struct pool_lane	*all_next;	/* in lanes_all */
};

struct pool {
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;
	struct pool_lane	*lanes, *lanes_tail;	/* the ring: head is served next */
	struct pool_lane	*lanes_all;		/* every lane with work, by key */
	size_t			 lane_max;		/* threads one lane may hold */
	struct pool_queue	 done;
	size_t			 pending;	/* submitted, not yet drained */
	bool			 stopping;
	int			 efd;
	int			 nice;		/* added to the threads' nice value */
	int			 nthreads;
	pthread_t		*threads;
};

static void
pool_queue_push(struct pool_queue *q, struct pool_task *t)
{
	t->next = NULL;
	if (q->tail != NULL)
		q->tail->next = t;
	else
		q->head = t;
	q->tail = t;
}

static struct pool_task *
pool_queue_take_all(struct pool_queue *q)
{
	struct pool_task *t = q->head;

	q->head = q->tail = NULL;
	return t;
}

/* Unlinks lane l (whose predecessor in the ring is prev, NULL for the head). */
static void
pool_ring_unlink(struct pool *p, struct pool_lane *prev, struct pool_lane *l)
{
	if (prev != NULL)
		prev->next = l->next;
	else
		p->lanes = l->next;
	if (p->lanes_tail == l)
		p->lanes_tail = prev;
	l->next = NULL;
}

static void
pool_ring_append(struct pool *p, struct pool_lane *l)
{
	l->next = NULL;
	if (p->lanes_tail != NULL)
		p->lanes_tail->next = l;
	else
		p->lanes = l;
	p->lanes_tail = l;
	l->queued = true;
}

/* The next task: from the first lane of the ring that may run one more (a lane never takes
 * every thread while others wait); that lane goes to the back of the ring. NULL when no lane
 * may run now. */
static struct pool_task *
pool_take(struct pool *p)
{
	struct pool_lane *l, *prev = NULL;
	struct pool_task *t;

	for (l = p->lanes; l != NULL && l->running >= p->lane_max; prev = l, l = l->next)
		;
	if (l == NULL)
		return NULL;
	pool_ring_unlink(p, prev, l);
	l->queued = false;
	t = l->q.head;
	l->q.head = t->next;
	if (l->q.head == NULL)
		l->q.tail = NULL;
	else
		pool_ring_append(p, l);
	l->running++;
	return t;
}

/* A task of lane l is done: the lane is forgotten once it has nothing left. */
static void
pool_lane_release(struct pool *p, struct pool_lane *l)
{
	struct pool_lane **pp;

	if (--l->running > 0 || l->queued)
		return;
	for (pp = &p->lanes_all; *pp != l; pp = &(*pp)->all_next)
		;
	*pp = l->all_next;
	free(l);
}

static void *
pool_thread(void *arg)
{
	struct pool *p = arg;
	struct pool_task *t;
	uint64_t one = 1;

	/* Slow work may yield the CPU to the event loop: Linux nices threads one by one. */
	if (p->nice != 0 && setpriority(PRIO_PROCESS, (id_t)gettid(), p->nice) != 0)
		log_debug("pool: cannot lower the thread priority: %m");
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while ((t = pool_take(p)) == NULL && !(p->stopping && p->lanes == NULL))
			pthread_cond_wait(&p->wake, &p->lock);
		if (t == NULL)
			break;
		pthread_mutex_unlock(&p->lock);
		t->work(t->arg);
		pthread_mutex_lock(&p->lock);
		pool_lane_release(p, t->lane);
		pthread_cond_signal(&p->wake);	/* its lane may run again */
		pool_queue_push(&p->done, t);
		if (write(p->efd, &one, sizeof one) < 0 && errno != EAGAIN)
			log_error("pool: eventfd write: %m");
	}
	pthread_cond_signal(&p->wake);		/* pass the stop on */
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int
pool_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

struct pool *
pool_new(int nthreads, int nice)
{
	struct pool *p = xcalloc(1, sizeof *p);

	p->nice = nice;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	p->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (p->efd < 0) {
		log_error("pool: eventfd: %m");
		abort();
	}
	p->nthreads = nthreads > 0 ? nthreads : (pool_cores() > 2 ? pool_cores() : 2);
	p->lane_max = p->nthreads > 1 ? (size_t)p->nthreads - 1 : 1;
	p->threads = xcalloc((size_t)p->nthreads, sizeof *p->threads);
	for (int i = 0; i < p->nthreads; i++) {
		if (pthread_create(&p->threads[i], NULL, pool_thread, p) != 0) {
			log_error("pool: cannot start thread");
			abort();
		}
	}
	return p;
}

/* Stops the threads after the queued work; completions not drained are run here. */
void
pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pool_drain(p);
	close(p->efd);
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
	free(p->threads);
	free(p);
}

int
pool_fd(struct pool *p)
{
	return p->efd;
}

size_t
pool_pending(struct pool *p)
{
	return p->pending;
}

void
pool_submit_keyed(struct pool *p, uint64_t key, pool_work_fn work, pool_work_fn done,
    void *arg)
{
	struct pool_task *t = xmalloc(sizeof *t);
	struct pool_lane *l;

	t->work = work;
	t->done = done;
	t->arg = arg;
	p->pending++;
	pthread_mutex_lock(&p->lock);
	for (l = p->lanes_all; l != NULL && l->key != key; l = l->all_next)
		;
	if (l == NULL) {
		l = xcalloc(1, sizeof *l);
		l->key = key;
		l->all_next = p->lanes_all;
		p->lanes_all = l;
	}
	t->lane = l;
	pool_queue_push(&l->q, t);
	if (!l->queued)
		pool_ring_append(p, l);
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
}

void
pool_submit(struct pool *p, pool_work_fn work, pool_work_fn done, void *arg)
{
	pool_submit_keyed(p, 0, work, done, arg);
}

void
pool_drain(struct pool *p)
{
	struct pool_task *t, *next;
	uint64_t count;

	if (read(p->efd, &count, sizeof count) < 0 && errno != EAGAIN)
		log_error("pool: eventfd read: %m");
	pthread_mutex_lock(&p->lock);
	t = pool_queue_take_all(&p->done);
	pthread_mutex_unlock(&p->lock);
	for (; t != NULL; t = next) {
		next = t->next;
		p->pending--;
		t->done(t->arg);
		free(t);
	}
}
