/* SPDX-License-Identifier: MIT */
/* sys.h - system calls that return -errno and never touch errno, for code
 * that runs in a vfork or CLONE_VM child: there errno (thread-local storage)
 * is the parent's too, and a running CLONE_VM parent would see it change.
 * On x86-64 and arm64 the call is made directly; elsewhere through the C
 * library's syscall(), with errno put back at once (a window remains). */
#ifndef FORKSCOPE_SYS_H
#define FORKSCOPE_SYS_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* System call n with six arguments: its result, or -errno. */
static inline long sys_call6(long n, long a, long b, long c, long d, long e, long f)
{
#if defined(__x86_64__)
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile ("syscall" : "=a"(ret)
			  : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			  : "rcx", "r11", "memory");
	return ret;
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile ("svc 0" : "+r"(x0)
			  : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			  : "memory", "cc");
	return x0;
#else
	int saved = errno;
	long r = syscall(n, a, b, c, d, e, f);

	if (r == -1)
		r = -errno;
	errno = saved;
	return r;
#endif
}

#define SYS_ARG(x) ((long)(x))
/* The static analyzer cannot see what the kernel writes through inline
 * assembly: for calls that fill buffers it reads the C library's call. */
#ifdef __clang_analyzer__
#define SYS_LIBC(call, raw) ({ long r_ = (long)(call); r_ < 0 ? -(long)errno : r_; })
#else
#define SYS_LIBC(call, raw) (raw)
#endif
#define sys_call(n, a, b, c) sys_call6((n), SYS_ARG(a), SYS_ARG(b), SYS_ARG(c), 0, 0, 0)

/* Each: what the system call returns, or -errno. */
static inline int sys_open(const char *path, int flags)
{
	return (int)sys_call6(SYS_openat, AT_FDCWD, SYS_ARG(path), flags, 0, 0, 0);
}
static inline int sys_close(int fd)
{
	return (int)sys_call(SYS_close, fd, 0, 0);
}
static inline ssize_t sys_read(int fd, void *buf, size_t n)
{
	return SYS_LIBC(read(fd, buf, n), sys_call(SYS_read, fd, buf, n));
}
static inline ssize_t sys_pread(int fd, void *buf, size_t n, off_t off)
{
	return SYS_LIBC(pread(fd, buf, n, off),
			sys_call6(SYS_pread64, fd, SYS_ARG(buf), SYS_ARG(n), SYS_ARG(off), 0, 0));
}
static inline int sys_ioctl(int fd, unsigned long req, void *arg)
{
	return (int)SYS_LIBC(ioctl(fd, req, arg), sys_call(SYS_ioctl, fd, req, arg));
}
static inline int sys_fcntl(int fd, int cmd, long arg)
{
	return (int)sys_call(SYS_fcntl, fd, cmd, arg);
}
static inline int sys_dup3(int from, int to, int flags)
{
	return (int)sys_call(SYS_dup3, from, to, flags);
}
static inline int sys_close_range(unsigned first, unsigned last)
{
	return (int)sys_call(SYS_close_range, first, last, 0);
}
static inline ssize_t sys_recvmsg(int fd, struct msghdr *m, int flags)
{
	return SYS_LIBC(recvmsg(fd, m, flags), sys_call(SYS_recvmsg, fd, m, flags));
}
static inline ssize_t sys_send(int fd, const void *buf, size_t n, int flags)
{
	return sys_call6(SYS_sendto, fd, SYS_ARG(buf), SYS_ARG(n), flags, 0, 0);
}
static inline pid_t sys_wait4(pid_t pid, int *status, int options)
{
	return (pid_t)SYS_LIBC(waitpid(pid, status, options),
			       sys_call6(SYS_wait4, pid, SYS_ARG(status), options, 0, 0, 0));
}
/* waitid(P_PID, pid, si, options) without the rusage. */
static inline int sys_waitid(pid_t pid, siginfo_t *si, int options)
{
	return (int)SYS_LIBC(waitid(P_PID, (id_t)pid, si, options),
			     sys_call6(SYS_waitid, P_PID, pid, SYS_ARG(si), options, 0, 0));
}
static inline pid_t sys_getpid(void)
{
	return (pid_t)sys_call(SYS_getpid, 0, 0, 0);
}
static inline pid_t sys_gettid(void)
{
	return (pid_t)sys_call(SYS_gettid, 0, 0, 0);
}
/* The calling thread's own usage: a process's other threads (idle, but
 * counted by RUSAGE_SELF) are not in it. */
static inline int sys_getrusage(struct rusage *ru)
{
	return (int)SYS_LIBC(getrusage(RUSAGE_THREAD, ru),
			     sys_call(SYS_getrusage, RUSAGE_THREAD, ru, 0));
}
static inline int sys_kcmp(pid_t a, pid_t b, int type)
{
	return (int)sys_call6(SYS_kcmp, a, b, type, 0, 0, 0);
}
static inline int sys_unshare(int flags)
{
	return (int)sys_call(SYS_unshare, flags, 0, 0);
}
static inline int sys_memfd_create(const char *name, unsigned flags)
{
	return (int)sys_call(SYS_memfd_create, name, flags, 0);
}
static inline ssize_t sys_readlink(const char *path, char *buf, size_t n)
{
	return SYS_LIBC(readlink(path, buf, n),
			sys_call6(SYS_readlinkat, AT_FDCWD, SYS_ARG(path), SYS_ARG(buf), SYS_ARG(n), 0, 0));
}
static inline void *sys_mmap(size_t len, int prot, int flags)
{
	return (void *)sys_call6(SYS_mmap, 0, SYS_ARG(len), prot, flags, -1, 0);
}
static inline int sys_munmap(void *p, size_t len)
{
	return (int)sys_call(SYS_munmap, p, len, 0);
}
static inline int sys_execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)sys_call(SYS_execve, path, argv, envp);
}
/* Did a raw mmap fail? (It returns -errno as an address.) */
static inline int sys_mmap_failed(const void *p)
{
	return (unsigned long)p > -4096UL;
}

#endif
