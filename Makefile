# SPDX-License-Identifier: GPL-2.0
#
# make                 build wsk.ko, the KUnit suites and the sample clients against
#                      the running kernel, or against KDIR=/path/to/kernel/build
# make C=1             the same, with sparse
# make clean

KDIR ?= /lib/modules/$(shell uname -r)/build

all: modules

modules clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) $@

.PHONY: all modules clean
