/* pool.c: a fixed thread pool for slow work (bcrypt) whose completions run on the owner's thread. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tmpld/util.h"

struct pool_task {
	pool_work_fn		 work;		/* runs on a pool thread */
	pool_work_fn		 done;		/* runs on the owner's thread, in pool_drain */
	void			*arg;
	struct pool_task	*next;
};

struct pool_queue {
	struct pool_task	*head, *tail;
};

struct pool {
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;
	struct pool_queue	 waiting, done;
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
		while (p->waiting.head == NULL && !p->stopping)
			pthread_cond_wait(&p->wake, &p->lock);
		if (p->waiting.head == NULL)
			break;
		t = p->waiting.head;
		p->waiting.head = t->next;
		if (p->waiting.head == NULL)
			p->waiting.tail = NULL;
		pthread_mutex_unlock(&p->lock);
		t->work(t->arg);
		pthread_mutex_lock(&p->lock);
		pool_queue_push(&p->done, t);
		if (write(p->efd, &one, sizeof one) < 0 && errno != EAGAIN)
			log_error("pool: eventfd write: %m");
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
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
	p->nthreads = nthreads > 0 ? nthreads : 1;
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
pool_submit(struct pool *p, pool_work_fn work, pool_work_fn done, void *arg)
{
	struct pool_task *t = xmalloc(sizeof *t);

	t->work = work;
	t->done = done;
	t->arg = arg;
	p->pending++;
	pthread_mutex_lock(&p->lock);
	pool_queue_push(&p->waiting, t);
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
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
