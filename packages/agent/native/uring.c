#define _GNU_SOURCE
#include "uring.h"
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

void ring_close(ring_t *r) {
  if (r->sqes) munmap(r->sqes, r->sqes_sz);
  if (r->cq_ring && r->cq_ring != r->sq_ring) munmap(r->cq_ring, r->cq_ring_sz);
  if (r->sq_ring) munmap(r->sq_ring, r->sq_ring_sz);
  if (r->fd >= 0) close(r->fd);
  r->fd = -1;
  r->sqes = NULL;
  r->sq_ring = r->cq_ring = NULL;
}

int ring_open(ring_t *r, unsigned entries, const char **what) {
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  memset(r, 0, sizeof *r);
  r->fd = (int)syscall(__NR_io_uring_setup, entries, &p);
  if (r->fd < 0) {
    r->fd = -1;
    *what = "io_uring_setup";
    return errno;
  }
  r->sq_ring_sz = p.sq_off.array + p.sq_entries * sizeof(unsigned);
  r->cq_ring_sz = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
  if (p.features & IORING_FEAT_SINGLE_MMAP) r->sq_ring_sz = r->cq_ring_sz = r->sq_ring_sz > r->cq_ring_sz ? r->sq_ring_sz : r->cq_ring_sz;
  r->sq_ring = mmap(0, r->sq_ring_sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
  if (r->sq_ring == MAP_FAILED) {
    r->sq_ring = NULL;
    *what = "mmap(io_uring sq)";
    return errno;
  }
  if (p.features & IORING_FEAT_SINGLE_MMAP) r->cq_ring = r->sq_ring;
  else {
    r->cq_ring = mmap(0, r->cq_ring_sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
    if (r->cq_ring == MAP_FAILED) {
      r->cq_ring = NULL;
      *what = "mmap(io_uring cq)";
      return errno;
    }
  }
  r->sqes_sz = p.sq_entries * sizeof(struct io_uring_sqe);
  r->sqes = mmap(0, r->sqes_sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
  if (r->sqes == MAP_FAILED) {
    r->sqes = NULL;
    *what = "mmap(io_uring sqes)";
    return errno;
  }
  unsigned char *sq = r->sq_ring, *cq = r->cq_ring;
  r->sq_head = (unsigned *)(sq + p.sq_off.head);
  r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
  r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
  r->sq_array = (unsigned *)(sq + p.sq_off.array);
  r->cq_head = (unsigned *)(cq + p.cq_off.head);
  r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
  r->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
  r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
  return 0;
}

struct io_uring_sqe *ring_sqe(ring_t *r, unsigned s) {
  struct io_uring_sqe *e = &r->sqes[s];
  memset(e, 0, sizeof *e);
  r->sq_array[(*r->sq_tail + s) & *r->sq_mask] = s;
  return e;
}

int ring_submit_all(ring_t *r, unsigned n, int *res, unsigned nres) {
  __atomic_store_n(r->sq_tail, *r->sq_tail + n, __ATOMIC_RELEASE);
  unsigned seen = 0;
  while (seen < n) {
    int got = (int)syscall(__NR_io_uring_enter, r->fd, seen == 0 ? n : 0, n - seen, IORING_ENTER_GETEVENTS, NULL, 0);
    if (got < 0 && errno != EINTR) return errno;
    unsigned head = *r->cq_head, tail = __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE);
    for (; head != tail; head++, seen++) {
      struct io_uring_cqe *c = &r->cqes[head & *r->cq_mask];
      if (c->user_data < nres) res[c->user_data] = c->res;
    }
    __atomic_store_n(r->cq_head, head, __ATOMIC_RELEASE);
  }
  return 0;
}
