# kstack: the thread stack inspector (tools/kstack), linked with libdw.
KSTACK_DIR := $(SRC)/tools/kstack
KSTACK_OBJS := $(patsubst $(KSTACK_DIR)/%.c,$(B)/obj/kstack/%.o,\
	$(wildcard $(KSTACK_DIR)/*.c))
ALL += $(B)/bin/kstack

$(B)/bin/kstack: $(KSTACK_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ -ldw -lelf

$(B)/obj/kstack/%.o: $(KSTACK_DIR)/%.c $(KSTACK_DIR)/kstack.h \
		$(SRC)/include/uapi/linux/kstack.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -c -o $@ $<
