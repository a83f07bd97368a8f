// SPDX-License-Identifier: GPL-2.0
/*
 * failslab for a phase (Documentation/fault-injection/fault-injection.rst).
 * Its debugfs attributes implement neither read_iter nor write_iter, so
 * kernel_read() and kernel_write() cannot use them: a shell started with
 * the usermode helper saves each file, sets it, and puts it back when the
 * phase ends. ignore-gfp-wait is turned off so that GFP_KERNEL allocations
 * (the socket workers') fail too; with task-filter on, only the threads that
 * called torture_faults_self() see failures.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/sched.h>
#include <linux/umh.h>
#include "torture.h"

#define FAILSLAB	"/sys/kernel/debug/failslab/"
#define SAVED		"/tmp/wsk_torture.failslab."

/* Saved first, restored last: probability. */
static const char *const files[] = {
	"probability", "interval", "times", "space", "verbose", "task-filter",
	"ignore-gfp-wait",
};

static bool active;

/* Run sh -c with the command @fmt formats; a fork failslab makes fail is retried. */
static __printf(1, 2) int failslab_sh(const char *fmt, ...)
{
	static struct torture_words envp = { { "PATH=/bin:/sbin:/usr/bin:/usr/sbin" } };
	struct torture_words argv = { { "/bin/sh", "-c" } };
	char cmd[160];
	va_list args;
	int i, ret = -ENOMEM;

	va_start(args, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, args);
	va_end(args);
	argv.word[2] = cmd;
	for (i = 0; i < 20 && ret; i++) {
		ret = call_usermodehelper(argv.word[0], argv.word, envp.word, UMH_WAIT_PROC);
		if (ret)
			msleep(50);
	}
	return ret;
}

/* Turn failslab on at @rate percent. 0, or what the shell returned. */
int torture_faults_start(enum torture_faults mode, int rate)
{
	int i, err = 0;

	for (i = 0; i < ARRAY_SIZE(files) && !err; i++)
		err = failslab_sh("cat " FAILSLAB "%s > " SAVED "%s", files[i], files[i]);
	if (err) {
		pr_err("failslab unavailable (%d): needs CONFIG_FAILSLAB, CONFIG_FAULT_INJECTION_DEBUG_FS, debugfs\n",
		       err);
		return err;
	}
	active = true;
	err = failslab_sh("cd " FAILSLAB " && echo 1 > interval && echo -1 > times") ?:
	      failslab_sh("echo 0 > " FAILSLAB "space") ?:
	      failslab_sh("cd " FAILSLAB " && echo 0 > verbose && echo N > ignore-gfp-wait") ?:
	      failslab_sh("echo %s > " FAILSLAB "task-filter", mode == TF_TASK ? "Y" : "N") ?:
	      failslab_sh("echo %d > " FAILSLAB "probability", rate);
	if (err) {
		pr_err("failslab: cannot configure it: %d\n", err);
		torture_faults_stop();
		return err;
	}
	pr_info("failslab: probability %d%%, interval 1, times -1, %s, ignore-gfp-wait N\n", rate,
		mode == TF_TASK ? "task-filtered (the torture's threads)" : "system-wide");
	return 0;
}

/* Off first, then every file as it was. */
void torture_faults_stop(void)
{
	int i, err;

	if (!active)
		return;
	err = failslab_sh("echo 0 > " FAILSLAB "probability");
	for (i = ARRAY_SIZE(files) - 1; i >= 0; i--)
		err = failslab_sh("cat " SAVED "%s > " FAILSLAB "%s && rm " SAVED "%s", files[i],
				  files[i], files[i]) ?: err;
	active = false;
	if (err)
		torture_fail("failslab could not be restored: %d", err);
	else
		pr_info("failslab: restored\n");
}

/* The calling thread's allocations may fail in a task-filtered phase. */
void torture_faults_self(void)
{
#ifdef CONFIG_FAULT_INJECTION
	current->make_it_fail = 1;
#endif
}
