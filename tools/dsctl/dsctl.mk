# dsctl: the command-line tool, linked with the shared libdatastack.
ALL += $(B)/bin/dsctl

$(B)/bin/dsctl: $(SRC)/tools/dsctl/dsctl.c $(LIB_HDRS) $(LIBDS_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< $(LIBDS_LINK)
