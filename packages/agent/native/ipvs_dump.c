/*
 * ipvs_dump: runs many generic netlink DUMP requests (IPVS GET_DEST, one per service) back to
 * back with as few system calls as possible, off the event loop (N-API async work), and hands
 * every reply message to JavaScript in ONE Buffer for the TypeScript decoder (ipvs-codec.ts).
 *
 * Why: IPVS has no all-real-servers dump, so a table of N services costs N dumps. In user-mode
 * Linux every system call is very expensive; the npm `netlink` socket spends event-loop turns
 * per dump and ipvsadm ~12 system calls per service. Kernel mechanics relied on
 * (net/netlink/af_netlink.c): a dump's first batch is produced inside sendmsg
 * (netlink_dump_start); the recvmsg that takes a batch produces the next one (or NLMSG_DONE,
 * after which the socket accepts the next dump; a dump request while one runs gets -EBUSY).
 * So every reply of a small dump is already queued when the calls that read it run.
 *
 * Modes:
 *  - "uring": one io_uring_enter carries, for up to ROUND services, hard-linked
 *    sendmsg -> recvmsg(MSG_DONTWAIT) x K SQEs on one socket: ~1 system call per ROUND services.
 *  - "mmsg": sendmsg + recvmmsg(MSG_WAITFORONE) per service: 2 system calls per service (for
 *    kernels or sandboxes without io_uring).
 * A dump longer than what its linked receives took (a service with very many real servers) is
 * finished by recvmmsg; a request refused with EBUSY (it ran into an unfinished dump) is redone.
 *
 * JS: dump(requests: Buffer, mode: "auto"|"uring"|"mmsg", sizeHint?: bytes, destCmd?: number)
 *       -> Promise<{ data: Buffer, mode, requests }>
 * release(data): gives the reply memory back at once (call it when decoded; data is detached).
 * Table mode (destCmd given, requests = one GET_SERVICE dump): request 0 is the service dump,
 * then request k (1..requests-1) is a destCmd dump of the k-th service it returned, built here
 * from the service's key attributes: the whole IPVS table in one call, no JavaScript between.
 * `requests` holds N complete netlink dump requests back to back. `data` holds every reply
 * message (data, NLMSG_DONE, NLMSG_ERROR other than a retried EBUSY), each message's nlmsg_seq
 * rewritten to its request's index 0..N-1, in arrival order.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "uring.h"
#include "work.h"
#include "seq_read.h"

/* >= any datagram: the kernel sizes dump batches (and the skbs it allocates for them, data and
   NLMSG_DONE alike) by our receive length. ~8 KB holds ~20 real servers; in the lab 8 KB read
   10k services faster than 16 or 32 KB. 8192 - 320 (skb_shared_info) keeps each skb in the
   kmalloc-8k slab instead of an order-2 page allocation. A longer dump takes more datagrams. */
#define SLOT_BYTES 7872
#define ROUND 128              /* services per io_uring_enter */
#define RECVS 2                /* linked receives per service: its batch + NLMSG_DONE */
#define DRAIN_VLEN 16
#define IDX_BITS 22            /* seq = attempt << IDX_BITS | index */
#define MAX_ATTEMPTS 256

enum { ST_TODO = 0, ST_SENT, ST_DONE, ST_BUSY };

typedef struct {
  const uint8_t *msgs; /* requests, back to back */
  uint32_t *off;       /* offset of request i */
  uint32_t n;
  uint8_t *state;
  uint16_t *attempt;
  uint32_t pending; /* requests sent and not DONE/BUSY */
  uint32_t base;    /* added to the request index written into nlmsg_seq */
  /* output arena */
  uint8_t *out;
  size_t out_len, out_cap;
  /* error */
  char err[256];
} job_t;

static int fail(job_t *j, const char *what, int e) {
  if (!j->err[0]) snprintf(j->err, sizeof j->err, "%s: %s (errno %d)", what, strerror(e), e);
  return -1;
}

/* The output arena: mmap'ed at the size the caller expects (last read's), grown with mremap
   (no copy), unmapped when JavaScript drops the Buffer, so its memory leaves the RSS at once. */
static int out_reserve(job_t *j, size_t want) {
  size_t cap = j->out_cap ? j->out_cap : (1 << 20);
  while (cap < want) cap *= 2;
  cap = (cap + 4095) & ~(size_t)4095;
  void *q = j->out ? mremap(j->out, j->out_cap, cap, MREMAP_MAYMOVE) : mmap(0, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (q == MAP_FAILED) return fail(j, "mmap(reply buffer)", errno);
  j->out = q;
  j->out_cap = cap;
  return 0;
}

static int out_put(job_t *j, const uint8_t *p, size_t len) {
  if (j->out_len + len > j->out_cap && out_reserve(j, j->out_len + len)) return -1;
  memcpy(j->out + j->out_len, p, len);
  j->out_len += len;
  return 0;
}

/* One received datagram: files each message under its request, tracks DONE and EBUSY. */
static int take(job_t *j, const uint8_t *buf, size_t len) {
  size_t o = 0;
  while (o + NLMSG_HDRLEN <= len) {
    const struct nlmsghdr *h = (const struct nlmsghdr *)(buf + o);
    if (h->nlmsg_len < NLMSG_HDRLEN || o + h->nlmsg_len > len) return fail(j, "malformed netlink reply", EPROTO);
    size_t step = NLMSG_ALIGN(h->nlmsg_len);
    uint32_t idx = h->nlmsg_seq & ((1u << IDX_BITS) - 1), att = h->nlmsg_seq >> IDX_BITS;
    if (idx < j->n && att == j->attempt[idx] && j->state[idx] == ST_SENT) {
      int last = 0;
      if (h->nlmsg_type == NLMSG_ERROR || h->nlmsg_type == NLMSG_DONE) {
        int e = h->nlmsg_len >= NLMSG_HDRLEN + 4 ? *(const int32_t *)NLMSG_DATA(h) : 0;
        if (h->nlmsg_type == NLMSG_ERROR && e == -EBUSY) {
          j->state[idx] = ST_BUSY;
          j->pending--;
          o += step;
          continue;
        }
        last = 1;
      }
      size_t at = j->out_len;
      if (out_put(j, buf + o, step < len - o ? step : len - o)) return -1;
      ((struct nlmsghdr *)(j->out + at))->nlmsg_seq = idx + j->base;
      if (last) {
        j->state[idx] = ST_DONE;
        j->pending--;
      }
    }
    o += step;
  }
  return 0;
}

static int nl_socket(job_t *j) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
  if (fd < 0) return fail(j, "socket(AF_NETLINK, NETLINK_GENERIC)", errno);
  int sz = 4 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz); /* capped by rmem_max; best effort */
  struct sockaddr_nl a = {.nl_family = AF_NETLINK};
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) {
    int e = errno;
    close(fd);
    return fail(j, "bind(AF_NETLINK)", e);
  }
  return fd;
}

/* Stamps request i with its attempt's seq and gives its bytes. */
static struct iovec request_iov(job_t *j, uint32_t i) {
  struct nlmsghdr *h = (struct nlmsghdr *)(j->msgs + j->off[i]);
  h->nlmsg_seq = ((uint32_t)j->attempt[i] << IDX_BITS) | i;
  return (struct iovec){.iov_base = h, .iov_len = h->nlmsg_len};
}

/* Reads until no request sent on this socket is still running (recvmmsg, blocking for the first). */
static int drain(job_t *j, int fd, uint8_t *slots) {
  struct mmsghdr mm[DRAIN_VLEN];
  struct iovec iov[DRAIN_VLEN];
  while (j->pending > 0) {
    for (int k = 0; k < DRAIN_VLEN; k++) {
      iov[k] = (struct iovec){.iov_base = slots + (size_t)k * SLOT_BYTES, .iov_len = SLOT_BYTES};
      memset(&mm[k], 0, sizeof mm[k]);
      mm[k].msg_hdr.msg_iov = &iov[k];
      mm[k].msg_hdr.msg_iovlen = 1;
    }
    int r = recvmmsg(fd, mm, DRAIN_VLEN, MSG_WAITFORONE, NULL);
    if (r < 0) {
      if (errno == EINTR) continue;
      return fail(j, "recvmmsg(netlink)", errno);
    }
    for (int k = 0; k < r; k++) {
      if (mm[k].msg_hdr.msg_flags & MSG_TRUNC) return fail(j, "netlink reply larger than the receive buffer", EMSGSIZE);
      if (take(j, iov[k].iov_base, mm[k].msg_len)) return -1;
    }
  }
  return 0;
}

static int send_one(job_t *j, int fd, uint32_t i) {
  struct iovec v = request_iov(j, i);
  struct sockaddr_nl k = {.nl_family = AF_NETLINK};
  struct msghdr m = {.msg_name = &k, .msg_namelen = sizeof k, .msg_iov = &v, .msg_iovlen = 1};
  for (;;) {
    if (sendmsg(fd, &m, 0) >= 0) break;
    if (errno != EINTR) return fail(j, "sendmsg(netlink dump request)", errno);
  }
  j->state[i] = ST_SENT;
  j->pending++;
  return 0;
}

/* ---- mmsg: sendmsg + recvmmsg per request ---- */
static int run_mmsg(job_t *j, int fd, uint8_t *slots) {
  for (uint32_t i = 0; i < j->n; i++) {
    if (j->state[i] != ST_TODO) continue;
    if (send_one(j, fd, i) || drain(j, fd, slots)) return -1;
  }
  return 0;
}

/* ---- uring: ~1 system call per ROUND dumps (the ring itself: uring.c) ---- */
static int run_uring(job_t *j, int fd, uint8_t *slots) {
  enum { PER = 1 + RECVS, SQES = ROUND * PER };
  ring_t r;
  const char *what;
  if (ring_open(&r, SQES, &what)) {
    ring_close(&r);
    return -2; /* caller may fall back to mmsg */
  }
  static __thread struct msghdr msg[SQES];
  static __thread struct iovec iov[SQES];
  static __thread int res[SQES];
  struct sockaddr_nl kern = {.nl_family = AF_NETLINK};
  int rc = 0;
  uint32_t next = 0;
  while (rc == 0) {
    uint32_t ids[ROUND], cnt = 0;
    while (cnt < ROUND && next < j->n) {
      if (j->state[next] == ST_TODO) ids[cnt++] = next;
      next++;
    }
    if (cnt == 0) break;
    unsigned nsqe = cnt * PER;
    for (uint32_t c = 0; c < cnt; c++) {
      for (int k = 0; k < PER; k++) {
        unsigned s = c * PER + k;
        struct io_uring_sqe *e = ring_sqe(&r, s);
        memset(&msg[s], 0, sizeof msg[s]);
        if (k == 0) {
          iov[s] = request_iov(j, ids[c]);
          msg[s].msg_name = &kern;
          msg[s].msg_namelen = sizeof kern;
          e->opcode = IORING_OP_SENDMSG;
        } else {
          iov[s] = (struct iovec){.iov_base = slots + (size_t)s * SLOT_BYTES, .iov_len = SLOT_BYTES};
          e->opcode = IORING_OP_RECVMSG;
          /* DONTWAIT: a receive finding nothing completes with -EAGAIN instead of waiting; TRUNC: res
             is the datagram's real length, so a too-small buffer shows */
          e->msg_flags = MSG_DONTWAIT | MSG_TRUNC;
        }
        msg[s].msg_iov = &iov[s];
        msg[s].msg_iovlen = 1;
        e->fd = fd;
        e->addr = (uintptr_t)&msg[s];
        e->len = 1;
        e->user_data = s;
        /* hard links run in order and go on after a failed (EAGAIN) receive */
        if (s + 1 < nsqe) e->flags = IOSQE_IO_HARDLINK;
        res[s] = -ECANCELED;
      }
      j->state[ids[c]] = ST_SENT;
      j->pending++;
    }
    int e = ring_submit_all(&r, nsqe, res, SQES);
    if (e) {
      rc = fail(j, "io_uring_enter", e);
      break;
    }
    /* replies in the order the linked receives took them, which is the socket's order */
    for (unsigned s = 0; s < nsqe && rc == 0; s++) {
      if (s % PER == 0) {
        if (res[s] < 0) rc = fail(j, "sendmsg(netlink dump request) via io_uring", -res[s]);
        continue;
      }
      if (res[s] == -EAGAIN) continue;
      if (res[s] < 0) rc = fail(j, "recvmsg(netlink) via io_uring", -res[s]);
      else if ((size_t)res[s] > SLOT_BYTES) rc = fail(j, "netlink reply larger than the receive buffer", EMSGSIZE);
      else rc = take(j, iov[s].iov_base, (size_t)res[s]);
    }
    /* a long dump still running (or an EBUSY behind it): finish it before the next round */
    if (rc == 0 && j->pending) rc = drain(j, fd, slots);
  }
  ring_close(&r);
  return rc;
}

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref reqref;
  job_t j;
  int mode; /* 0 auto, 1 uring, 2 mmsg; after the run: which one ran */
  size_t size_hint;
  int table_dest_cmd;       /* >= 0: table mode (see readTable) */
  uint32_t dest_requests;   /* table mode: real-server dumps made (= services) */
  uint8_t *dest_reqbuf;
  double ms[3]; /* where the time went: service dump, real-server dumps, total (bench probe) */
} call_t;

#include <time.h>
static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Runs every request of the job, in the call's mode, redoing those refused with EBUSY. */
static int run_all(call_t *c, int fd, uint8_t *slots) {
  job_t *j = &c->j;
  for (;;) {
    int rc = c->mode == 2 ? run_mmsg(j, fd, slots) : run_uring(j, fd, slots);
    if (rc == -2 && c->mode == 0) { /* no io_uring here: the two-call loop */
      j->err[0] = 0;
      c->mode = 2;
      continue;
    }
    if (rc) return -1;
    if (c->mode == 0) c->mode = 1;
    int again = 0;
    for (uint32_t i = 0; i < j->n; i++)
      if (j->state[i] == ST_BUSY) {
        if (++j->attempt[i] >= MAX_ATTEMPTS) return fail(j, "netlink dump kept answering EBUSY", EBUSY);
        j->state[i] = ST_TODO;
        again = 1;
      }
    if (!again) return 0;
  }
}

static int job_requests(job_t *j, const uint8_t *msgs, size_t len) {
  uint32_t n = 0;
  for (size_t o = 0; o + NLMSG_HDRLEN <= len; o += NLMSG_ALIGN(((const struct nlmsghdr *)(msgs + o))->nlmsg_len)) n++;
  free(j->off);
  free(j->state);
  free(j->attempt);
  j->msgs = msgs;
  j->n = n;
  j->pending = 0;
  j->off = calloc(n + 1, sizeof(uint32_t));
  j->state = calloc(n + 1, 1);
  j->attempt = calloc(n + 1, sizeof(uint16_t));
  if (!j->off || !j->state || !j->attempt) return fail(j, "calloc", ENOMEM);
  for (uint32_t i = 0, o = 0; i < n; i++) {
    j->off[i] = o;
    o += NLMSG_ALIGN(((const struct nlmsghdr *)(msgs + o))->nlmsg_len);
  }
  return 0;
}

/*
 * Table mode, phase 2: one GET_DEST dump request per service of the service dump (the messages
 * of request 0 in the arena), carrying that service's key attributes (AF, protocol, address,
 * port, fwmark: what ip_vs_genl_parse_service reads for a lookup), in the dump's order.
 */
#define CMD_ATTR_SERVICE 1
static uint8_t *dest_requests(job_t *j, const struct nlmsghdr *tmpl, uint8_t dest_cmd, size_t *len_out, uint32_t *count) {
  size_t cap = 1 << 16, len = 0;
  uint8_t *out = malloc(cap);
  *count = 0;
  if (!out) return fail(j, "malloc", ENOMEM), NULL;
  for (size_t o = 0; o + NLMSG_HDRLEN <= j->out_len; o += NLMSG_ALIGN(((struct nlmsghdr *)(j->out + o))->nlmsg_len)) {
    const struct nlmsghdr *h = (const struct nlmsghdr *)(j->out + o);
    if (h->nlmsg_seq != 0 || h->nlmsg_type != tmpl->nlmsg_type || h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) continue;
    const uint8_t *a = (const uint8_t *)h + NLMSG_HDRLEN + GENL_HDRLEN, *end = (const uint8_t *)h + h->nlmsg_len;
    const struct nlattr *svc = NULL;
    for (; a + NLA_HDRLEN <= end; a += NLA_ALIGN(((const struct nlattr *)a)->nla_len)) {
      const struct nlattr *t = (const struct nlattr *)a;
      if (t->nla_len < NLA_HDRLEN || a + t->nla_len > end) break;
      if ((t->nla_type & NLA_TYPE_MASK) == CMD_ATTR_SERVICE) svc = t;
    }
    if (!svc) continue; /* the TypeScript side reports such a message */
    if (len + NLMSG_HDRLEN + GENL_HDRLEN + svc->nla_len + 8 > cap) {
      cap = cap * 2 + svc->nla_len;
      uint8_t *q = realloc(out, cap);
      if (!q) return free(out), fail(j, "realloc", ENOMEM), NULL;
      out = q;
    }
    struct nlmsghdr *r = (struct nlmsghdr *)(out + len);
    struct genlmsghdr *g = (struct genlmsghdr *)(out + len + NLMSG_HDRLEN);
    struct nlattr *nest = (struct nlattr *)(out + len + NLMSG_HDRLEN + GENL_HDRLEN);
    *g = *(const struct genlmsghdr *)((const uint8_t *)tmpl + NLMSG_HDRLEN);
    g->cmd = dest_cmd;
    nest->nla_type = CMD_ATTR_SERVICE | NLA_F_NESTED;
    uint8_t *w = (uint8_t *)nest + NLA_HDRLEN;
    const uint8_t *sa = (const uint8_t *)svc + NLA_HDRLEN, *send_ = (const uint8_t *)svc + svc->nla_len;
    for (; sa + NLA_HDRLEN <= send_; sa += NLA_ALIGN(((const struct nlattr *)sa)->nla_len)) {
      const struct nlattr *t = (const struct nlattr *)sa;
      if (t->nla_len < NLA_HDRLEN || sa + t->nla_len > send_) break;
      int type = t->nla_type & NLA_TYPE_MASK;
      if (type < 1 || type > 5) continue; /* IPVS_SVC_ATTR_AF .. IPVS_SVC_ATTR_FWMARK */
      memset(w + NLA_ALIGN(t->nla_len) - 4, 0, 4); /* padding */
      memcpy(w, t, t->nla_len);
      w += NLA_ALIGN(t->nla_len);
    }
    nest->nla_len = (uint16_t)(w - (uint8_t *)nest);
    r->nlmsg_len = (uint32_t)(w - (uint8_t *)r);
    r->nlmsg_type = tmpl->nlmsg_type;
    r->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    r->nlmsg_seq = 0;
    r->nlmsg_pid = 0;
    len += NLMSG_ALIGN(r->nlmsg_len);
    (*count)++;
  }
  *len_out = len;
  return out;
}

static void execute(napi_env env, void *data) {
  (void)env;
  call_t *c = data;
  job_t *j = &c->j;
  double t0 = now_ms();
  uint8_t *slots = mmap(0, (size_t)ROUND * (1 + RECVS) * SLOT_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (slots == MAP_FAILED) {
    fail(j, "mmap(receive buffers)", errno);
    return;
  }
  /* the reply size of the last call of the same size is the best guess for this one */
  if (out_reserve(j, c->size_hint)) {
    munmap(slots, (size_t)ROUND * (1 + RECVS) * SLOT_BYTES);
    return;
  }
  int fd = nl_socket(j);
  if (fd >= 0) {
    if (c->table_dest_cmd < 0) run_all(c, fd, slots);
    else {
      /* phase 1: the service dump (request 0), one long dump: sendmsg + recvmmsg */
      int mode = c->mode;
      c->mode = 2;
      int rc = run_all(c, fd, slots);
      c->mode = mode;
      c->ms[0] = now_ms() - t0;
      if (rc == 0 && j->state[0] == ST_DONE) {
        size_t len;
        uint8_t *reqs = dest_requests(j, (const struct nlmsghdr *)j->msgs, (uint8_t)c->table_dest_cmd, &len, &c->dest_requests);
        if (reqs) {
          c->dest_reqbuf = reqs;
          j->base = 1;
          if (job_requests(j, reqs, len) == 0) run_all(c, fd, slots);
        }
        c->ms[1] = now_ms() - t0 - c->ms[0];
      }
    }
    close(fd);
  }
  munmap(slots, (size_t)ROUND * (1 + RECVS) * SLOT_BYTES);
  c->ms[2] = now_ms() - t0;
}

/*
 * Reply arenas handed to JavaScript as external Buffers. V8 does not see their size, so it has
 * no reason to collect them soon: the caller gives each back with release() once decoded
 * (detached first, so a stray view reads nothing instead of freed memory); the finalizer only
 * covers a Buffer never released. All of this runs on the JavaScript thread.
 */
typedef struct arena {
  void *p;
  size_t cap;
  struct arena *next;
} arena_t;
static arena_t *live;

static void arena_unmap(napi_env env, arena_t *a) {
  if (!a->p) return;
  munmap(a->p, a->cap);
  a->p = NULL;
  int64_t ignored;
  napi_adjust_external_memory(env, -(int64_t)a->cap, &ignored);
}

static void free_out(napi_env env, void *data, void *hint) {
  (void)data;
  arena_t *a = hint, **pp = &live;
  arena_unmap(env, a);
  while (*pp && *pp != a) pp = &(*pp)->next;
  if (*pp) *pp = a->next;
  free(a);
}

static napi_value release(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], ab;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_typedarray_type type;
  size_t length, offset;
  void *data;
  if (argc < 1 || napi_get_typedarray_info(env, argv[0], &type, &length, &data, &ab, &offset) != napi_ok) return NULL;
  for (arena_t *a = live; a; a = a->next)
    if (a->p && a->p == data && offset == 0) {
      if (napi_detach_arraybuffer(env, ab) == napi_ok) arena_unmap(env, a);
      break;
    }
  return NULL;
}

static void complete(napi_env env, napi_status status, void *data) {
  call_t *c = data;
  job_t *j = &c->j;
  napi_value v;
  if (status != napi_ok || j->err[0]) {
    napi_value msg, err;
    napi_create_string_utf8(env, j->err[0] ? j->err : "ipvs_dump: async work failed", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
    napi_reject_deferred(env, c->deferred, err);
    if (j->out) munmap(j->out, j->out_cap);
  } else {
    napi_value buf, mode;
    napi_create_object(env, &v);
    if (j->out_len == 0) {
      if (j->out) munmap(j->out, j->out_cap);
      napi_create_buffer(env, 0, NULL, &buf);
    } else {
      arena_t *a = malloc(sizeof *a);
      if (a) *a = (arena_t){.p = j->out, .cap = j->out_cap, .next = live};
      if (a && napi_create_external_buffer(env, j->out_len, j->out, free_out, a, &buf) == napi_ok) {
        live = a;
        int64_t ignored;
        napi_adjust_external_memory(env, (int64_t)a->cap, &ignored);
      } else {
        /* runtimes that forbid external buffers: copy */
        free(a);
        napi_create_buffer_copy(env, j->out_len, j->out, NULL, &buf);
        munmap(j->out, j->out_cap);
      }
    }
    napi_create_string_utf8(env, c->mode == 2 ? "mmsg" : "uring", NAPI_AUTO_LENGTH, &mode);
    napi_set_named_property(env, v, "data", buf);
    napi_set_named_property(env, v, "mode", mode);
    napi_value cnt;
    napi_create_uint32(env, c->table_dest_cmd >= 0 ? c->dest_requests + 1 : j->n, &cnt);
    napi_set_named_property(env, v, "requests", cnt);
    napi_value ms;
    napi_create_array_with_length(env, 3, &ms);
    for (uint32_t i = 0; i < 3; i++) {
      napi_value x;
      napi_create_double(env, c->ms[i], &x);
      napi_set_element(env, ms, i, x);
    }
    napi_set_named_property(env, v, "ms", ms);
    napi_resolve_deferred(env, c->deferred, v);
  }
  napi_delete_reference(env, c->reqref);
  napi_delete_async_work(env, c->work);
  free(j->off);
  free(j->state);
  free(j->attempt);
  free(c->dest_reqbuf);
  free(c);
}

static napi_value throw_type(napi_env env, const char *m) {
  napi_throw_type_error(env, NULL, m);
  return NULL;
}

static napi_value dump(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  bool isbuf = false;
  if (argc < 1 || napi_is_buffer(env, argv[0], &isbuf) != napi_ok || !isbuf) return throw_type(env, "dump(requests: Buffer, mode?)");
  void *p;
  size_t len;
  napi_get_buffer_info(env, argv[0], &p, &len);
  int mode = 0;
  if (argc > 1) {
    char m[16] = "";
    size_t ml;
    if (napi_get_value_string_utf8(env, argv[1], m, sizeof m, &ml) != napi_ok) return throw_type(env, "mode: \"auto\" | \"uring\" | \"mmsg\"");
    mode = !strcmp(m, "uring") ? 1 : !strcmp(m, "mmsg") ? 2 : !strcmp(m, "auto") ? 0 : -1;
    if (mode < 0) return throw_type(env, "mode: \"auto\" | \"uring\" | \"mmsg\"");
  }
  /* count and check the requests */
  uint32_t n = 0;
  for (size_t o = 0; o + NLMSG_HDRLEN <= len;) {
    const struct nlmsghdr *h = (const struct nlmsghdr *)((uint8_t *)p + o);
    if (h->nlmsg_len < NLMSG_HDRLEN || o + h->nlmsg_len > len || !(h->nlmsg_flags & NLM_F_DUMP)) return throw_type(env, "requests: netlink dump requests back to back");
    o += NLMSG_ALIGN(h->nlmsg_len);
    n++;
  }
  if (n >= (1u << IDX_BITS)) return throw_type(env, "too many requests");
  int32_t dest_cmd = -1;
  if (argc > 3) {
    napi_valuetype t;
    napi_typeof(env, argv[3], &t);
    if (t == napi_number) napi_get_value_int32(env, argv[3], &dest_cmd);
    if (dest_cmd > 255 || (dest_cmd >= 0 && n != 1)) return throw_type(env, "table mode: one service dump request and a command number");
  }
  call_t *c = calloc(1, sizeof *c);
  if (!c) return throw_type(env, "out of memory");
  c->mode = mode;
  c->table_dest_cmd = dest_cmd < 0 ? -1 : dest_cmd;
  double hint = 0;
  if (argc > 2 && napi_get_value_double(env, argv[2], &hint) == napi_ok && hint > 0 && hint < 1e12) c->size_hint = (size_t)hint;
  if (job_requests(&c->j, p, len)) {
    free(c->j.off), free(c->j.state), free(c->j.attempt), free(c);
    return throw_type(env, "out of memory");
  }
  napi_create_reference(env, argv[0], 1, &c->reqref); /* keeps the request bytes alive while the work runs */
  return queue_promise_work(env, "ipvs_dump", execute, complete, c, &c->deferred, &c->work);
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "dump", NAPI_AUTO_LENGTH, dump, NULL, &fn);
  napi_set_named_property(env, exports, "dump", fn);
  napi_create_function(env, "release", NAPI_AUTO_LENGTH, release, NULL, &fn);
  napi_set_named_property(env, exports, "release", fn);
  napi_create_function(env, "readSeq", NAPI_AUTO_LENGTH, seq_read, NULL, &fn);
  napi_set_named_property(env, exports, "readSeq", fn);
  return exports;
}
