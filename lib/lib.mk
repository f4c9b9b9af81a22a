# libdatastack: shared (versioned symbols) and static, plus a 32-bit static
# copy for the -m32 tests.  Read first by mk/user.mk.
LIB_SRCS := lib/datastack.c lib/native.c lib/win32.c
LIB_SONAME := libdatastack.so.$(VERSION_MAJOR)
LIB_SO := $(B)/lib/libdatastack.so.$(VERSION)
LIB_MAP := $(SRC)/lib/libdatastack.map
LIBDS_A := $(B)/lib/libdatastack.a
LIBDS32_A := $(B)/lib32/libdatastack.a

# What programs in the build tree link with: the shared library, found at
# run time through $ORIGIN (written $$$$ to survive the program template),
# so the same path works in the guest.
LIBDS_DEP := $(B)/lib/libdatastack.so
LIBDS_LINK := -L$(B)/lib -ldatastack -Wl,-rpath,'$$$$ORIGIN/../lib'

OBJS += $(call objs,64,$(LIB_SRCS))
ALL += $(LIB_SO) $(B)/lib/$(LIB_SONAME) $(LIBDS_DEP)

$(LIB_SO): $(call objs,64,$(LIB_SRCS)) $(LIB_MAP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(LIB_SONAME) \
		-Wl,--version-script=$(LIB_MAP) -Wl,-z,defs -Wl,-z,relro,-z,now \
		-o $@ $(filter %.o,$^)

$(B)/lib/$(LIB_SONAME): $(LIB_SO)
	ln -sf $(notdir $<) $@

$(LIBDS_DEP): $(B)/lib/$(LIB_SONAME)
	ln -sf $(notdir $<) $@

$(eval $(call archive,64,$(LIBDS_A),$(LIB_SRCS)))
$(eval $(call archive,32,$(LIBDS32_A),$(LIB_SRCS)))
