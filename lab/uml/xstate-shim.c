/*
 * LD_PRELOAD shim for Debian's user-mode-linux 6.1 on hosts with AVX-512 (or any XSAVE area
 * larger than the 832 bytes UML 6.1 assumes).
 *
 * Why: UML saves and restores each guest process's FPU state with
 * ptrace(PTRACE_{GET,SET}REGSET, NT_X86_XSTATE) using a fixed 832-byte buffer. The host kernel
 * accepts a short GET but refuses a SET that is not exactly its full XSAVE size (EFAULT), so on
 * such hosts the guest's init dies at once with "ptrace set fp regs failed, errno = 14".
 * Upstream fixed it after 6.1 by sizing the buffer from the host; this shim does the same from
 * outside: every XSTATE transfer goes through a buffer of the host's size, and a SET overlays
 * UML's short copy on the task's current full state.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/uio.h>

typedef long (*ptrace_fn)(int, pid_t, void *, void *);

long ptrace(enum __ptrace_request req, ...)
{
	static ptrace_fn real;
	va_list ap;
	va_start(ap, req);
	pid_t pid = va_arg(ap, pid_t);
	void *addr = va_arg(ap, void *);
	void *data = va_arg(ap, void *);
	va_end(ap);
	if (!real)
		real = (ptrace_fn)dlsym(RTLD_NEXT, "ptrace");
	if ((req != PTRACE_GETREGSET && req != PTRACE_SETREGSET) || (long)addr != NT_X86_XSTATE)
		return real(req, pid, addr, data);

	/* 64 KiB covers every XSAVE layout there is (AMX included: ~11 KiB) */
	static unsigned char full[65536] __attribute__((aligned(64)));
	struct iovec *iov = data, whole = { full, sizeof(full) };
	long r = real(PTRACE_GETREGSET, pid, addr, &whole);
	if (r < 0)
		return r;
	size_t n = iov->iov_len < whole.iov_len ? iov->iov_len : whole.iov_len;
	if (req == PTRACE_GETREGSET) {
		memcpy(iov->iov_base, full, n);
		iov->iov_len = n;
		return 0;
	}
	memcpy(full, iov->iov_base, n);
	return real(PTRACE_SETREGSET, pid, addr, &whole);
}
