/*
 * readSeq: a /proc seq_file (the agent reads /proc/net/ip_vs) into the caller's Buffer with as
 * few system calls as possible, off the event loop.
 *
 * Why: a seq_file hands out at most one page per read() however big the buffer (fs/seq_file.c
 * formats records into one page and copies that), so /proc/net/ip_vs at 10,000 services x 10 is
 * ~1,400 read()s, and in user-mode Linux every system call costs two host context switches.
 * With io_uring, SEQ_ROUND page-sized IORING_OP_READs at the file position (offset -1) go in one
 * io_uring_enter, hard-linked so they run in order, each from where the last ended (a plain link
 * would be severed by the short reads a seq_file gives). Their results are moved together in
 * place. Without io_uring (old kernel, io_uring disabled): a read() loop, still off the loop.
 *
 * JS: readSeq(path: string, into: Buffer, mode?: "auto" | "uring" | "read")
 *       -> Promise<{ length: number, complete: boolean, mode: "uring" | "read", calls: number }>
 * complete is false when `into` filled up before the end of the file: call again with a bigger
 * one (the file is read again from its start). `calls`: system calls that read (for the bench).
 */
#define _GNU_SOURCE
#include "seq_read.h"
#include "uring.h"
#include "work.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SEQ_PAGE 4096
#define SEQ_ROUND 256

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref into_ref;
  char path[512];
  uint8_t *buf;
  size_t cap, len;
  int complete;
  int mode; /* 0 auto, 1 uring, 2 read; after the run: which one ran */
  unsigned calls;
  char err[600];
} seq_call_t;

static int seq_fail(seq_call_t *c, const char *what, int e) {
  if (!c->err[0]) snprintf(c->err, sizeof c->err, "%s %s: %s (errno %d)", what, c->path, strerror(e), e);
  return -1;
}

static int read_loop(seq_call_t *c, int fd) {
  while (c->len < c->cap) {
    ssize_t n = read(fd, c->buf + c->len, c->cap - c->len);
    c->calls++;
    if (n < 0) {
      if (errno == EINTR) continue;
      return seq_fail(c, "read", errno);
    }
    if (n == 0) {
      c->complete = 1;
      break;
    }
    c->len += (size_t)n;
  }
  return 0;
}

/* -2: no io_uring here (nothing read yet) */
static int read_uring(seq_call_t *c, int fd) {
  static __thread int res[SEQ_ROUND];
  ring_t r;
  const char *what;
  if (ring_open(&r, SEQ_ROUND, &what)) {
    ring_close(&r);
    return -2;
  }
  int rc = 0;
  while (!c->complete && rc == 0) {
    size_t room = (c->cap - c->len) / SEQ_PAGE;
    if (room == 0) break;
    unsigned n = room < SEQ_ROUND ? (unsigned)room : SEQ_ROUND;
    uint8_t *base = c->buf + c->len;
    for (unsigned s = 0; s < n; s++) {
      struct io_uring_sqe *e = ring_sqe(&r, s);
      e->opcode = IORING_OP_READ;
      e->fd = fd;
      e->addr = (uintptr_t)(base + (size_t)s * SEQ_PAGE);
      e->len = SEQ_PAGE;
      e->off = (uint64_t)-1; /* the file position, advanced by each read */
      e->user_data = s;
      if (s + 1 < n) e->flags = IOSQE_IO_HARDLINK;
      res[s] = -ECANCELED;
    }
    int e = ring_submit_all(&r, n, res, SEQ_ROUND);
    c->calls++;
    if (e) {
      rc = seq_fail(c, "io_uring_enter reading", e);
      break;
    }
    size_t at = c->len;
    for (unsigned s = 0; s < n; s++) {
      if (res[s] < 0) {
        /* the position moved on past what failed: the caller reads again */
        rc = seq_fail(c, "read (io_uring)", -res[s]);
        break;
      }
      if (res[s] == 0) {
        c->complete = 1;
        break;
      }
      memmove(c->buf + at, base + (size_t)s * SEQ_PAGE, (size_t)res[s]);
      at += (size_t)res[s];
    }
    c->len = at;
  }
  ring_close(&r);
  return rc;
}

static void seq_execute(napi_env env, void *data) {
  (void)env;
  seq_call_t *c = data;
  int fd = open(c->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    seq_fail(c, "open", errno);
    return;
  }
  int rc = c->mode == 2 ? -2 : read_uring(c, fd);
  if (rc == -2 && c->mode != 1) {
    c->mode = 2;
    read_loop(c, fd);
  } else if (rc == -2) {
    seq_fail(c, "io_uring_setup for", ENOSYS);
  } else c->mode = 1;
  close(fd);
}

static void seq_complete(napi_env env, napi_status status, void *data) {
  seq_call_t *c = data;
  if (status != napi_ok || c->err[0]) {
    napi_value msg, err;
    napi_create_string_utf8(env, c->err[0] ? c->err : "readSeq: async work failed", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
    napi_reject_deferred(env, c->deferred, err);
  } else {
    napi_value v, x;
    napi_create_object(env, &v);
    napi_create_double(env, (double)c->len, &x);
    napi_set_named_property(env, v, "length", x);
    napi_get_boolean(env, c->complete != 0, &x);
    napi_set_named_property(env, v, "complete", x);
    napi_create_string_utf8(env, c->mode == 1 ? "uring" : "read", NAPI_AUTO_LENGTH, &x);
    napi_set_named_property(env, v, "mode", x);
    napi_create_uint32(env, c->calls, &x);
    napi_set_named_property(env, v, "calls", x);
    napi_resolve_deferred(env, c->deferred, v);
  }
  napi_delete_reference(env, c->into_ref);
  napi_delete_async_work(env, c->work);
  free(c);
}

napi_value seq_read(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  seq_call_t *c = calloc(1, sizeof *c);
  if (!c) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  size_t pl = 0;
  bool isbuf = false;
  if (argc < 2 || napi_get_value_string_utf8(env, argv[0], c->path, sizeof c->path, &pl) != napi_ok || pl == 0 || pl >= sizeof c->path - 1 ||
      napi_is_buffer(env, argv[1], &isbuf) != napi_ok || !isbuf) {
    free(c);
    napi_throw_type_error(env, NULL, "readSeq(path: string, into: Buffer, mode?)");
    return NULL;
  }
  void *p;
  napi_get_buffer_info(env, argv[1], &p, &c->cap);
  c->buf = p;
  if (argc > 2) {
    char m[16] = "";
    size_t ml;
    napi_valuetype t;
    napi_typeof(env, argv[2], &t);
    if (t != napi_undefined) {
      if (napi_get_value_string_utf8(env, argv[2], m, sizeof m, &ml) != napi_ok) m[0] = 0;
      c->mode = !strcmp(m, "uring") ? 1 : !strcmp(m, "read") ? 2 : !strcmp(m, "auto") ? 0 : -1;
      if (c->mode < 0) {
        free(c);
        napi_throw_type_error(env, NULL, "mode: \"auto\" | \"uring\" | \"read\"");
        return NULL;
      }
    }
  }
  napi_create_reference(env, argv[1], 1, &c->into_ref); /* the Buffer stays alive while the work fills it */
  return queue_promise_work(env, "shoal_read_seq", seq_execute, seq_complete, c, &c->deferred, &c->work);
}
