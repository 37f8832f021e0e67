/* SPDX-License-Identifier: MIT */
/* wire.c - moving commands and reports over a subject's SOCK_SEQPACKET
 * channel, with a descriptor riding along (SCM_RIGHTS) when a child is born.
 * The subject's half is async-signal-safe and leaves errno alone (sys.h):
 * only sendto and recvmsg. */
#include <errno.h>
#include <stddef.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sys.h"
#include "wire.h"

long wire_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int wire_send_cmd(int chan, const struct wire_cmd *c, int fd)
{
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct iovec iov = { (void *)c, sizeof(*c) };
	struct msghdr m = { 0 };
	struct cmsghdr *cm;
	ssize_t n;

	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	if (fd >= 0) {
		memset(&u, 0, sizeof(u));
		m.msg_control = u.buf;
		m.msg_controllen = sizeof(u.buf);
		cm = CMSG_FIRSTHDR(&m);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	do
		n = sendmsg(chan, &m, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(*c) ? 0 : -errno;
}

int wire_recv_cmd(int chan, struct wire_cmd *c, int *fd)
{
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct iovec iov = { c, sizeof(*c) };
	struct msghdr m = { 0 };
	struct cmsghdr *cm;
	ssize_t n;

	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof(u.buf);
	*fd = -1;
	/* A descriptor that arrives is close-on-exec from the start: no exec
	 * or spawn of ours can pass it on by accident. */
	do
		n = sys_recvmsg(chan, &m, MSG_CMSG_CLOEXEC);
	while (n == -EINTR);
	for (cm = n > 0 ? CMSG_FIRSTHDR(&m) : NULL; cm; cm = CMSG_NXTHDR(&m, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			memcpy(fd, CMSG_DATA(cm), sizeof(int));
	if (n == (ssize_t)sizeof(*c))
		return 1;
	if (*fd >= 0)
		sys_close(*fd);
	return n <= 0 ? 0 : -1;
}

size_t wire_report_size(const struct wire_report *r)
{
	int n = r->npages < 0 ? 0 : r->npages > MODEL_PROC_PAGES ? MODEL_PROC_PAGES :
		r->npages;

	return offsetof(struct wire_report, pages) + (size_t)n * sizeof(r->pages[0]);
}

int wire_send_report(int chan, const struct wire_report *r)
{
	size_t size = wire_report_size(r);
	ssize_t n;

	do
		n = sys_send(chan, r, size, MSG_NOSIGNAL);
	while (n == -EINTR);
	return n == (ssize_t)size ? 0 : -1;
}

int wire_try_report(int chan, struct wire_report *r)
{
	ssize_t got = recv(chan, r, sizeof(*r), MSG_DONTWAIT);

	if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return 0;
	if (got < (ssize_t)offsetof(struct wire_report, pages) ||
	    (size_t)got != wire_report_size(r)) {
		memset(r, 0, offsetof(struct wire_report, pages));
		r->kind = REP_GONE;
	}
	return 1;
}

void wire_recv_report(int chan, struct wire_report *r, int flags)
{
	ssize_t got = recv(chan, r, sizeof(*r), flags);

	if (got < (ssize_t)offsetof(struct wire_report, pages) ||
	    (size_t)got != wire_report_size(r)) {
		memset(r, 0, offsetof(struct wire_report, pages));
		r->kind = REP_GONE;
	}
}

/* Wait for the first of n channels to speak; its index, -ETIMEDOUT, or -EPIPE
 * when a channel closed (its subject died). */
int wire_wait(const int *chans, int n, struct wire_report *r, long deadline)
{
	struct pollfd pf[4];

	for (int i = 0; i < n; i++) {
		pf[i].fd = chans[i];
		pf[i].events = POLLIN;
	}
	for (;;) {
		long left = deadline - wire_now_ms();
		int rc;

		if (left <= 0)
			return -ETIMEDOUT;
		rc = poll(pf, (nfds_t)n, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -errno;
		for (int i = 0; i < n; i++) {
			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			wire_recv_report(chans[i], r, 0);
			return i;
		}
	}
}

