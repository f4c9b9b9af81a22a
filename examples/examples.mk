# Example programs, linked with the shared libdatastack of the build tree.
EXAMPLES := datastack-demo article
ALL += $(EXAMPLES:%=$(B)/examples/%)

$(B)/examples/%: $(SRC)/examples/%.c $(LIB_HDRS) $(LIBDS_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< $(LIBDS_LINK)
