# dsctl: the command-line tool, linked with the shared libdatastack.
DSCTL_SRCS := $(patsubst $(SRC)/%,%,$(wildcard $(SRC)/tools/dsctl/*.c)) $(COMMON_SRCS)
$(eval $(call program,64,$(B)/bin/dsctl,$(DSCTL_SRCS),$(LIBDS_DEP),$(LIBDS_LINK)))
