// SPDX-License-Identifier: GPL-2.0
/*
 * request-key - the test guest's /sbin/request-key, for the DNS check.
 *
 * The kernel runs it as "request-key create KEY UID GID ..." to construct a
 * key it was asked for. For the dns_resolver keys of dns_query() it plays
 * keyutils' key.dns_resolver, but from a fixed table instead of DNS (the
 * guest has no network): wsk-dns.test has two IPv4 addresses and one IPv6
 * one; any other name, or any other key type, is negated (not found).
 * Says what it did on /dev/kmsg.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* linux/keyctl.h */
#define KEYCTL_DESCRIBE		6
#define KEYCTL_INSTANTIATE	12
#define KEYCTL_NEGATE		13
#define KEYCTL_ASSUME_AUTHORITY	16

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	const char *answer;	/* as key.dns_resolver's "list" gives it */
} table[] = {
	{ "wsk-dns.test", "192.0.2.10,2001:db8::10,127.0.0.1" },
};

static long keyctl(int op, long a, long b, long c, long d)
{
	return syscall(SYS_keyctl, op, a, b, c, d);
}

static void say(const char *what, const char *name, int err)
{
	FILE *f = fopen("/dev/kmsg", "w");

	if (f) {
		fprintf(f, "request-key: %s %s (%d)\n", what, name, err);
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	const char *answer = NULL, *name;
	char desc[512];
	unsigned int i;
	long key;

	if (argc < 3 || strcmp(argv[1], "create"))
		return 1;
	key = strtol(argv[2], NULL, 10);
	if (keyctl(KEYCTL_ASSUME_AUTHORITY, key, 0, 0, 0) < 0 ||
	    keyctl(KEYCTL_DESCRIBE, key, (long)desc, sizeof(desc), 0) < 0) {
		say("cannot take key", argv[2], errno);
		return 2;
	}
	desc[sizeof(desc) - 1] = '\0';
	/* "type;uid;gid;perm;description" */
	name = strrchr(desc, ';') ? strrchr(desc, ';') + 1 : desc;
	for (i = 0; !strncmp(desc, "dns_resolver;", 13) && i < ARRAY_SIZE(table); i++)
		if (!strcmp(name, table[i].name))
			answer = table[i].answer;
	if (!answer) {
		say("negated", name, keyctl(KEYCTL_NEGATE, key, 10, 0, 0) < 0 ? errno : 0);
		return 0;
	}
	/* the text answer goes with its NUL, as dns_resolver_preparse() wants */
	if (keyctl(KEYCTL_INSTANTIATE, key, (long)answer, strlen(answer) + 1, 0) < 0) {
		say("cannot answer", name, errno);
		return 3;
	}
	say("answered", name, 0);
	return 0;
}
