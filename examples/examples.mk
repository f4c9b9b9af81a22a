# Example programs, linked with the shared libdatastack of the build tree.
$(foreach e,datastack-demo article native part4,$(eval $(call program,64,$(B)/examples/$(e),examples/$(e).c,$(LIBDS_DEP),$(LIBDS_LINK))))
