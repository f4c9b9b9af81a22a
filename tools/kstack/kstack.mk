# kstack: the thread stack inspector, linked with libdw.
KSTACK_SRCS := $(patsubst $(SRC)/%,%,$(wildcard $(SRC)/tools/kstack/*.c)) $(COMMON_SRCS)
$(eval $(call program,64,$(B)/bin/kstack,$(KSTACK_SRCS),,-ldw -lelf -l:libstdc++.so.6 -lpthread))
