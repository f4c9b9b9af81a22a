# libdatastack: shared (versioned symbols) and static, plus a 32-bit static
# copy for the -m32 tests.  Included by mk/user.mk.
LIB_VERSION := 1.0.0
LIB_SONAME := libdatastack.so.1
LIB_MAP := $(SRC)/lib/libdatastack.map
LIB_NAMES := datastack win32
LIB_HDRS := $(SRC)/lib/include/datastack.h $(SRC)/lib/include/datastack/win32.h $(UAPI)
LIB_OBJS := $(LIB_NAMES:%=$(B)/lib/obj/%.o)
LIB32_OBJS := $(LIB_NAMES:%=$(B)/lib32/obj/%.o)

# What programs in the build tree link with (the shared library, found at
# run time through $ORIGIN, so the same path works in the guest).
LIBDS_LINK := -L$(B)/lib -ldatastack -Wl,-rpath,'$$ORIGIN/../lib'
LIBDS_DEP := $(B)/lib/libdatastack.so
LIBDS32_A := $(B)/lib32/libdatastack.a

ALL += $(B)/lib/libdatastack.so.$(LIB_VERSION) $(B)/lib/$(LIB_SONAME) \
	$(B)/lib/libdatastack.so $(B)/lib/libdatastack.a $(LIBDS32_A)

$(B)/lib/obj/%.o: $(SRC)/lib/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -fPIC -c -o $@ $<

$(B)/lib32/obj/%.o: $(SRC)/lib/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) -m32 $(CFLAGS) $(WARN) $(CPPFLAGS) -fPIC -c -o $@ $<

$(B)/lib/libdatastack.so.$(LIB_VERSION): $(LIB_OBJS) $(LIB_MAP)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(LIB_SONAME) \
		-Wl,--version-script=$(LIB_MAP) -Wl,-z,defs -Wl,-z,relro,-z,now \
		-o $@ $(LIB_OBJS)

$(B)/lib/$(LIB_SONAME): $(B)/lib/libdatastack.so.$(LIB_VERSION)
	ln -sf $(notdir $<) $@

$(B)/lib/libdatastack.so: $(B)/lib/$(LIB_SONAME)
	ln -sf $(notdir $<) $@

$(B)/lib/libdatastack.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(LIBDS32_A): $(LIB32_OBJS)
	rm -f $@
	ar rcs $@ $^
