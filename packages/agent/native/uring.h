/*
 * A minimal io_uring over raw system calls (no liburing: nothing to install on a director), shared
 * by the netlink dump loop (ipvs_dump.c) and the /proc reader (seq_read.c).
 */
#ifndef SHOAL_URING_H
#define SHOAL_URING_H
#include <linux/io_uring.h>
#include <stddef.h>

typedef struct {
  int fd;
  unsigned *sq_head, *sq_tail, *sq_mask, *sq_array;
  unsigned *cq_head, *cq_tail, *cq_mask;
  struct io_uring_sqe *sqes;
  struct io_uring_cqe *cqes;
  void *sq_ring, *cq_ring;
  size_t sq_ring_sz, cq_ring_sz, sqes_sz;
} ring_t;

/* 0, or the errno of the step that failed, named in *what. ring_close() it either way. */
int ring_open(ring_t *r, unsigned entries, const char **what);
void ring_close(ring_t *r);
/* The s-th entry of the next submission, zeroed and queued in the submission array. */
struct io_uring_sqe *ring_sqe(ring_t *r, unsigned s);
/* Submits entries 0..n-1 and waits for all their completions: res[user_data] = the result
   (user_data >= nres are ignored). 0 or the errno of io_uring_enter. */
int ring_submit_all(ring_t *r, unsigned n, int *res, unsigned nres);
#endif
